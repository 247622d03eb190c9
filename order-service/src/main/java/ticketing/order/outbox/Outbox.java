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

	/** Adds a TicketOrderPlaced event; call it inside the transaction that writes the order. */
	public UUID append(TicketOrderPlaced event, String traceparent, Instant occurredAt) {
		UUID eventId = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
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
	 */
	public List<OutboxEvent> unpublished(int limit, Collection<Long> excludedIds) {
		List<OutboxEvent> oldest = jdbc.sql("""
				SELECT id, event_id, event_type, record_key, payload, traceparent, occurred_at
				FROM order_outbox WHERE published_at IS NULL ORDER BY id LIMIT ?""")
			.param(limit + excludedIds.size())
			.query(Outbox::event)
			.list();
		if (excludedIds.isEmpty()) {
			return oldest;
		}
		Set<Long> excluded = new HashSet<>(excludedIds);
		return oldest.stream().filter((event) -> !excluded.contains(event.id())).limit(limit).toList();
	}

	/** Stamps rows as published; rows already stamped or deleted are left alone. Returns how many changed. */
	public int markPublished(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("UPDATE order_outbox SET published_at = now() WHERE id = ANY (?) AND published_at IS NULL")
			.param(ids.toArray(Long[]::new))
			.update();
	}

	/** Stamps the rows of these events as published; ids that no row has (an older database's) are ignored. */
	public int markPublishedByEventIds(Collection<UUID> eventIds) {
		if (eventIds.isEmpty()) {
			return 0;
		}
		return jdbc.sql("UPDATE order_outbox SET published_at = now() WHERE event_id = ANY (?) AND published_at IS NULL")
			.param(eventIds.toArray(UUID[]::new))
			.update();
	}

	/** Deletes rows published longer ago than the retention, so that the table does not grow forever. */
	public int deletePublishedOlderThan(Duration retention) {
		return jdbc.sql("DELETE FROM order_outbox WHERE published_at < now() - make_interval(secs => ?)")
			.param(retention.toMillis() / 1000.0)
			.update();
	}

	public long countUnpublished() {
		return jdbc.sql("SELECT count(*) FROM order_outbox WHERE published_at IS NULL").query(Long.class).single();
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
