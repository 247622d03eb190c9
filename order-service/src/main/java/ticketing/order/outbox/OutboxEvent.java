package ticketing.order.outbox;

import java.time.Instant;
import java.util.List;
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

	/** About the bytes of the Kafka record: key, value and headers (UTF-16 length: at most a few percent off). */
	public long size() {
		return key.length() + payload.length() + eventId.toString().length() + eventType.length() + traceparent.length();
	}

	/** The first events of {@code events} whose sizes add up to at most {@code maxBytes}; always at least one. */
	public static List<OutboxEvent> upToBytes(List<OutboxEvent> events, long maxBytes) {
		long total = 0;
		for (int i = 0; i < events.size(); i++) {
			total += events.get(i).size();
			if (total > maxBytes && i > 0) {
				return events.subList(0, i);
			}
		}
		return events;
	}

}
