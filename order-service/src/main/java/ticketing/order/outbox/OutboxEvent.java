package ticketing.order.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event in the outbox, as the relay publishes it.
 *
 * @param id          the row's id: the relay's unit of progress
 * @param eventId     the event_id header, unique and stable across retries
 * @param eventType   the event_type header
 * @param key         the record key (the user id)
 * @param payload     the record value, in the contract's JSON form
 * @param traceparent the W3C traceparent header
 * @param occurredAt  the record timestamp (when the order was placed)
 */
public record OutboxEvent(long id, UUID eventId, String eventType, String key, String payload, String traceparent,
		Instant occurredAt) {

}
