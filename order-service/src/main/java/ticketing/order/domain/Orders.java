package ticketing.order.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ticketing.order.catalog.Catalog;

/** The ticket_orders table. */
@Repository
public class Orders {

	private final JdbcClient jdbc;

	Orders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts an order stamped with the current clock time (not the transaction start time), so that one user's
	 * orders, placed one after the other under the user's row lock, have increasing ids and times alike.
	 */
	Order insert(long userId, long contentId) {
		return jdbc.sql("""
				INSERT INTO ticket_orders (user_id, content_id, created_at) VALUES (?, ?, clock_timestamp())
				RETURNING id, user_id, content_id, created_at""")
			.params(userId, contentId)
			.query(Orders::order)
			.single();
	}

	public Optional<Order> find(long id) {
		return jdbc.sql("SELECT id, user_id, content_id, created_at FROM ticket_orders WHERE id = ?")
			.param(id)
			.query(Orders::order)
			.optional();
	}

	/** One page of a user's orders, newest first. */
	public List<Order> findByUser(long userId, int page, int size) {
		return jdbc.sql("""
				SELECT id, user_id, content_id, created_at FROM ticket_orders
				WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?""")
			.params(userId, size, (long) page * size)
			.query(Orders::order)
			.list();
	}

	public long countByUser(long userId) {
		return jdbc.sql("SELECT count(*) FROM ticket_orders WHERE user_id = ?").param(userId).query(Long.class).single();
	}

	public long count() {
		return jdbc.sql("SELECT count(*) FROM ticket_orders").query(Long.class).single();
	}

	private static Order order(ResultSet rs, int row) throws SQLException {
		return new Order(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("content_id"),
				Catalog.instant(rs, "created_at"));
	}

}
