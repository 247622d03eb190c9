package ticketing.order.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads users and contents. The catalogue is read-only here. */
@Repository
public class Catalog {

	private final JdbcClient jdbc;

	Catalog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<User> findUser(long id) {
		return jdbc.sql("SELECT id, nickname, registered_at FROM users WHERE id = ?")
			.param(id)
			.query(Catalog::user)
			.optional();
	}

	/**
	 * Finds the user and locks its row until the transaction ends, so that one user's orders are placed one after
	 * the other: their ids, commit order and event order then agree. NO KEY UPDATE does not block the foreign-key
	 * checks of other users' orders.
	 */
	public Optional<User> lockUser(long id) {
		return jdbc.sql("SELECT id, nickname, registered_at FROM users WHERE id = ? FOR NO KEY UPDATE")
			.param(id)
			.query(Catalog::user)
			.optional();
	}

	public Optional<Content> findContent(long id) {
		return jdbc.sql("SELECT id, title, category, published_at FROM contents WHERE id = ?")
			.param(id)
			.query(Catalog::content)
			.optional();
	}

	public List<Content> contents() {
		return jdbc.sql("SELECT id, title, category, published_at FROM contents ORDER BY id").query(Catalog::content).list();
	}

	private static User user(ResultSet rs, int row) throws SQLException {
		return new User(rs.getLong("id"), rs.getString("nickname"), instant(rs, "registered_at"));
	}

	private static Content content(ResultSet rs, int row) throws SQLException {
		return new Content(rs.getLong("id"), rs.getString("title"), rs.getString("category"),
				instant(rs, "published_at"));
	}

	/** TIMESTAMPTZ as an Instant (the driver maps it to OffsetDateTime, not to Instant). */
	public static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
