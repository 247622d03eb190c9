package ticketing.order.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;

/** The outbox table: appended to inside the order's transaction, read and stamped by the relay. */
@Repository
public class Outbox {

	/** The PostgreSQL NOTIFY channel an insert signals (see the migration's trigger). */
	public static final String CHANNEL = "order_outbox";

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds a TicketOrderPlaced event, and its id to the relay's queue of unpublished events, in one statement; call it
	 * inside the transaction that writes the order.
	 */
	public UUID append(TicketOrderPlaced event, String traceparent, Instant occurredAt) {
		UUID eventId = UUID.randomUUID();
		jdbc.sql("""
				WITH event AS (
				INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id)
				INSERT INTO order_outbox_pending (id) SELECT id FROM event""")
			.params(eventId, TicketOrderPlaced.EVENT_TYPE, event.userId(), TicketOrderJson.writeString(event),
					traceparent, OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC))
			.update();
		return eventId;
	}

	/**
	 * The oldest unpublished events, in id order. Not "id > last published": a transaction that drew a smaller id
	 * may commit after one with a larger id, and its row must still be found.
	 */
	public List<OutboxEvent> unpublished(int limit) {
		return unpublished(limit, List.of());
	}

	/**
	 * The oldest unpublished events but those with the given row ids: the relay reads its next batch while the
	 * previous one, not stamped yet, is still being committed to Kafka. The rows are left out here, not in SQL: a
	 * filter {@code id <> ALL (?)} compares each row with every id of the array under a generic plan (hundreds of
	 * milliseconds for 5000 ids), while the oldest {@code limit + excluded} rows hold the answer whatever they are.
	 * The queue's ids are taken first and the events looked up by them: as a join, under a generic plan, PostgreSQL
	 * merged the queue with the whole outbox, published rows included (89 ms instead of 7 for 5000 rows).
	 */
	public List<OutboxEvent> unpublished(int limit, Collection<Long> excludedIds) {
		List<OutboxEvent> oldest = jdbc.sql("""
				SELECT id, event_id, event_type, record_key, payload, traceparent, occurred_at FROM order_outbox
				WHERE id = ANY (ARRAY(SELECT id FROM order_outbox_pending ORDER BY id LIMIT ?)) ORDER BY id""")
			.param(limit + excludedIds.size())
			.query(Outbox::event)
			.list();
		if (excludedIds.isEmpty()) {
			return oldest;
		}
		Set<Long> excluded = new HashSet<>(excludedIds);
		return oldest.stream().filter((event) -> !excluded.contains(event.id())).limit(limit).toList();
	}

	/** Marks rows published (off the queue); rows published already are left alone. Returns how many changed. */
	public int markPublished(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("DELETE FROM order_outbox_pending WHERE id = ANY (?)")
			.param(ids.toArray(Long[]::new))
			.update();
	}

	/** Marks the rows of these events published; ids that no row has (an older database's) are ignored. */
	public int markPublishedByEventIds(Collection<UUID> eventIds) {
		if (eventIds.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				DELETE FROM order_outbox_pending p USING order_outbox o
				WHERE p.id = o.id AND o.event_id = ANY (?)""")
			.param(eventIds.toArray(UUID[]::new))
			.update();
	}

	/**
	 * Deletes published rows of orders placed longer ago than the retention, so that the table does not grow forever;
	 * a row still waiting to be published stays, however old.
	 */
	public int deletePublishedOlderThan(Duration retention) {
		return jdbc.sql("""
				DELETE FROM order_outbox o WHERE o.occurred_at < now() - make_interval(secs => ?)
				AND NOT EXISTS (SELECT 1 FROM order_outbox_pending p WHERE p.id = o.id)""")
			.param(retention.toMillis() / 1000.0)
			.update();
	}

	/**
	 * How many events wait for the relay, and when the first of them (the lowest id: the relay publishes in id order)
	 * was placed; one statement, two index lookups and a count of the relay's queue.
	 */
	public Backlog backlog() {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM order_outbox_pending) AS waiting,
				       (SELECT o.occurred_at FROM order_outbox o
				        WHERE o.id = (SELECT min(p.id) FROM order_outbox_pending p)) AS first_placed""")
			.query((rs, row) -> {
				OffsetDateTime first = rs.getObject("first_placed", OffsetDateTime.class);
				return new Backlog(rs.getLong("waiting"), (first != null) ? first.toInstant() : null);
			})
			.single();
	}

	/**
	 * The events waiting for the relay.
	 * @param waiting      how many
	 * @param firstPlaced  when the order of the next one to publish was placed; null when none waits
	 */
	public record Backlog(long waiting, @Nullable Instant firstPlaced) {

		/** How long the next event to publish has waited at {@code now}; zero when none waits. */
		public Duration age(Instant now) {
			Duration age = (firstPlaced == null) ? Duration.ZERO : Duration.between(firstPlaced, now);
			return age.isNegative() ? Duration.ZERO : age; // the database's clock a little ahead of this one
		}

	}

	public long countUnpublished() {
		return jdbc.sql("SELECT count(*) FROM order_outbox_pending").query(Long.class).single();
	}

	public long count() {
		return jdbc.sql("SELECT count(*) FROM order_outbox").query(Long.class).single();
	}

	private static OutboxEvent event(ResultSet rs, int row) throws SQLException {
		return new OutboxEvent(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
				rs.getString("record_key"), rs.getString("payload"), rs.getString("traceparent"),
				rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
	}

}
