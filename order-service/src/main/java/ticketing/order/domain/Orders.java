package ticketing.order.domain;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/** The ticket orders. Orders are only added: no update or delete is declared. */
public interface Orders extends Repository<Order, Long> {

	Order save(Order order);

	Optional<Order> findById(long id);

	/** One page of a user's orders, newest first, with the number of all of them. */
	Page<Order> findByUserIdOrderByIdDesc(long userId, Pageable page);

	long count();

}
