package ticketing.order.relay;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import ticketing.order.outbox.Outbox;

/**
 * The {@code relay_state} row (see the V2 migration): the database's identity and the last relay batch it stamped.
 * The batch number moves in the same PostgreSQL transaction as the stamps of the batch's rows, and only from the
 * number the relay expects: so the row always says how far this database's knowledge of the topic goes, and a
 * database swapped under a running relay (a restore) is noticed at its next batch.
 */
class RelayState {

	private final JdbcClient jdbc;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	RelayState(JdbcClient jdbc, Outbox outbox, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	DatabaseState read() {
		return jdbc.sql("SELECT database_id, created_at, batches_stamped FROM relay_state")
			.query((rs, row) -> new DatabaseState(rs.getObject("database_id", UUID.class),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getLong("batches_stamped")))
			.single();
	}

	/**
	 * Fails unless the database is still the one the relay activated on, at the batch it expects: called before a
	 * batch is sent, so that a database restored under a running relay publishes nothing.
	 */
	void requireUnchanged(UUID databaseId, long batch) {
		DatabaseState now = read();
		if (!now.databaseId().equals(databaseId) || now.batchesStamped() != batch) {
			throw changed(databaseId, batch, now);
		}
	}

	/** Stamps the rows of a batch the relay committed to Kafka, and the batch's number, in one transaction. */
	void stampBatch(UUID databaseId, long batch, Collection<Long> outboxIds) {
		transactions.executeWithoutResult((tx) -> {
			advance(databaseId, batch);
			outbox.markPublished(outboxIds);
		});
	}

	/**
	 * At activation: stamps the rows of the last batch in the progress topic, which a crashed predecessor committed to
	 * Kafka but not to PostgreSQL, and its number. Returns how many rows it stamped.
	 */
	int stampRecoveredBatch(UUID databaseId, long batch, Collection<UUID> eventIds) {
		Integer stamped = transactions.execute((tx) -> {
			advance(databaseId, batch);
			return outbox.markPublishedByEventIds(eventIds);
		});
		return (stamped != null) ? stamped : 0;
	}

	private void advance(UUID databaseId, long batch) {
		int updated = jdbc.sql("""
				UPDATE relay_state SET batches_stamped = ?
				WHERE database_id = ? AND batches_stamped = ?""").params(batch, databaseId, batch - 1).update();
		if (updated != 1) {
			throw changed(databaseId, batch - 1, read());
		}
	}

	private static IllegalStateException changed(UUID databaseId, long batch, DatabaseState now) {
		return new IllegalStateException("The database changed under the relay: it activated on database " + databaseId
				+ " at batch " + batch + ", and the database is now " + now.databaseId() + " at batch "
				+ now.batchesStamped() + " (a restore?); the relay starts over and checks the database against the "
				+ "progress topic");
	}

}
