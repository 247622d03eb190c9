package ticketing.order.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

/** The contents on sale. Read-only: no save or delete is declared. */
public interface Contents extends Repository<Content, Long> {

	Optional<Content> findById(long id);

	List<Content> findAllByOrderById();

}
