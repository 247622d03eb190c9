package ticketing.notification.purchase;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * When and where an event was written: what decides whether it is newer than the purchase already kept. Events are
 * ordered by {@code (eventTime, partition, offset)}: a total order, so the state a set of events leaves behind does
 * not depend on the order in which they are delivered.
 *
 * @param eventTime the order time ({@code created_at}, else the record timestamp)
 * @param topic     the record's topic
 * @param partition the record's partition
 * @param offset    the record's offset
 * @param eventId   the {@code event_id} header, if the record has one (kept for tracing only)
 */
public record EventOrigin(Instant eventTime, String topic, int partition, long offset, @Nullable String eventId) {
}
