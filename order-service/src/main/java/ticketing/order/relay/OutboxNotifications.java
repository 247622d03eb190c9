package ticketing.order.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ticketing.order.outbox.Outbox;

/**
 * Waits for PostgreSQL's NOTIFY on the outbox channel, sent by a trigger when an order's transaction commits, so
 * that the relay publishes within milliseconds instead of at the next poll. A lost connection is reopened at the next
 * wait; meanwhile the wait simply times out, and polling keeps the relay going. Used by the relay thread only.
 */
class OutboxNotifications implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(OutboxNotifications.class);

	private final DataSource dataSource;

	private @Nullable Connection connection;

	OutboxNotifications(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** How long one blocking read lasts, so that a stopping relay is never held up for long. */
	private static final long SLICE_MILLIS = 250;

	/**
	 * Returns when a notification arrives (true), after {@code max}, or soon after {@code keepWaiting} turns false
	 * (false).
	 */
	boolean await(Duration max, BooleanSupplier keepWaiting) throws InterruptedException {
		long deadline = System.nanoTime() + max.toNanos();
		long remaining = max.toMillis();
		while (remaining > 0 && keepWaiting.getAsBoolean()) {
			int slice = (int) Math.max(1, Math.min(remaining, SLICE_MILLIS));
			try {
				// Notifications that arrived since the last call are returned at once.
				PGNotification[] received = listening().getNotifications(slice);
				if (received != null && received.length > 0) {
					return true;
				}
			}
			catch (SQLException ex) {
				log.debug("Outbox listener connection lost, polling until it is back: {}", ex.getMessage());
				close();
				Thread.sleep(slice);
			}
			remaining = (deadline - System.nanoTime()) / 1_000_000;
		}
		return false;
	}

	private PGConnection listening() throws SQLException {
		if (connection == null || connection.isClosed()) {
			Connection opened = dataSource.getConnection();
			try (Statement statement = opened.createStatement()) {
				opened.setAutoCommit(true);
				statement.execute("LISTEN " + Outbox.CHANNEL);
			}
			catch (SQLException ex) {
				opened.close();
				throw ex;
			}
			connection = opened;
		}
		return connection.unwrap(PGConnection.class);
	}

	/**
	 * Gives the connection back to the pool, no longer listening: a pooled connection that still listened would
	 * collect every later notification in the driver's memory, for whoever borrows it next.
	 */
	@Override
	public void close() {
		if (connection != null) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("UNLISTEN *");
			}
			catch (SQLException ex) {
				// Most likely the connection broke, and the pool discards a broken connection rather than lend it.
				log.debug("Could not stop listening on the outbox channel: {}", ex.getMessage());
			}
			try {
				connection.close();
			}
			catch (SQLException ex) {
				log.debug("Could not close the outbox listener connection: {}", ex.getMessage());
			}
			connection = null;
		}
	}

}
