package ticketing.order.catalog;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The users. Read-only: no save or delete is declared. */
public interface Users extends Repository<User, Long> {

	Optional<User> findById(long id);

	/** The first users by id: the ones the demo's sign-in offers. */
	List<User> findTop20ByOrderById();

	/**
	 * Finds the user and locks its row until the transaction ends, so that one user's orders are placed one after
	 * the other: their ids, commit order and event order then agree. Hibernate's PostgreSQL dialect writes this lock
	 * as {@code FOR NO KEY UPDATE}, the weakest that does it: foreign-key checks ({@code FOR KEY SHARE}) on the row still
	 * go through.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select u from User u where u.id = :id")
	Optional<User> lockById(long id);

}
