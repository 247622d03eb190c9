package ticketing.order.relay;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay's wake-up call: PostgreSQL's NOTIFY on the outbox channel, over a connection borrowed from the pool. */
@RealInfrastructure
class OutboxNotificationsIT {

	@Test
	void shouldWakeUpWhenTheOutboxIsNotified(PostgresTestDatabase database) throws Exception {
		try (HikariDataSource pool = pool(database, 2);
				OutboxNotifications notifications = new OutboxNotifications(pool)) {
			// Given the relay listens (the first wait opens the connection and sends LISTEN)
			notifications.await(Duration.ofMillis(1), () -> true);

			// When an order's transaction commits, while the relay waits for up to an hour
			CompletableFuture<Void> waiting = CompletableFuture
				.runAsync(() -> awaitQuietly(notifications, Duration.ofHours(1)));
			notify(database);

			// Then it wakes up
			await().atMost(Duration.ofSeconds(30)).until(waiting::isDone);
			waiting.join();
		}
	}

	@Test
	void shouldGiveItsConnectionBackToThePoolNoLongerListening(PostgresTestDatabase database) throws Exception {
		try (HikariDataSource pool = pool(database, 1)) {
			// Given the relay listened on the pool's only connection
			OutboxNotifications notifications = new OutboxNotifications(pool);
			notifications.await(Duration.ofMillis(1), () -> true);
			assertThat(listeningChannels(pool)).as("while the relay holds it, the pool has no connection to lend")
				.isEqualTo(-1);

			// When the relay stops
			notifications.close();

			// Then whoever borrows that connection next does not collect the outbox's notifications
			assertThat(listeningChannels(pool)).isZero();
		}
	}

	private static HikariDataSource pool(PostgresTestDatabase database, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.jdbcUrl());
		config.setUsername(database.username());
		config.setPassword(database.password());
		config.setMaximumPoolSize(size);
		config.setConnectionTimeout(500);
		return new HikariDataSource(config);
	}

	/** How many channels the pool's next connection listens on; -1 when the pool has none to lend. */
	private static int listeningChannels(HikariDataSource pool) throws SQLException {
		Connection connection;
		try {
			connection = pool.getConnection();
		}
		catch (SQLException ex) {
			return -1;
		}
		try (connection; Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static void notify(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("NOTIFY " + Outbox.CHANNEL);
		}
	}

	private static void awaitQuietly(OutboxNotifications notifications, Duration max) {
		try {
			notifications.await(max, () -> true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
