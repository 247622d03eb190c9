package ticketing.order.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade of a running system's database to the relay's queue of unpublished events (V3): the events not published
 * before the upgrade are still published after it, and those published before are not published again.
 */
@RealInfrastructure
class OutboxMigrationIT {

	@Test
	void shouldQueueExactlyTheEventsUnpublishedBeforeTheUpgrade(PostgresTestDatabase database) throws SQLException {
		// Given a database of the version before, with three events of which the second is published
		migrate(database, "2");
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("""
					INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at,
					    published_at)
					SELECT gen_random_uuid(), 'TicketOrderPlaced', 'user-' || i, '{}', 'tp', now(),
					    CASE WHEN i = 2 THEN now() END
					FROM generate_series(1, 3) i""");
		}

		// When it is upgraded
		migrate(database, "latest");

		// Then the first and the third event wait for the relay, and all three events are kept
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			assertThat(column(statement, """
					SELECT o.record_key FROM order_outbox_pending p JOIN order_outbox o ON o.id = p.id
					ORDER BY p.id""")).containsExactly("user-1", "user-3");
			assertThat(column(statement, "SELECT record_key FROM order_outbox ORDER BY id"))
				.containsExactly("user-1", "user-2", "user-3");
		}
	}

	private static void migrate(PostgresTestDatabase database, String target) {
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.locations("classpath:db/migration")
			// V5's grantee: the application's role, here the owner itself, as the service's default
			.placeholders(Map.of("app_role", database.username()))
			.target(target)
			.load()
			.migrate();
	}

	private static List<String> column(Statement statement, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

}
