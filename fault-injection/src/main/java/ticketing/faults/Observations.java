package ticketing.faults;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Everything the checks compare, read from PostgreSQL, Kafka, Redis and S3 once the system is quiet. Redis is read as
 * each user's kept order id ({@code redisLatest}) and {@code updates} counter ({@code redisUpdates}).
 */
record Observations(List<PgOrder> orders, Map<String, Long> orderOfEvent, long unpublishedOutboxRows,
		List<Event> ticketOrder, List<Event> liveOrders, List<Suspicious> suspiciousUsers, List<DeadLetter> deadLetters,
		Map<Long, String> redisLatest, Map<Long, Long> redisUpdates, List<String> redisOtherKeys, List<LakeLine> lake, List<OpenTransaction> open) {

	/** An order row of PostgreSQL with its content's category; {@code createdAtMs} is the event's timestamp. */
	record PgOrder(long id, long userId, long contentId, String category, long createdAtMs) {
	}

	/**
	 * A record of an order topic, read with read_committed. {@code orderId} is null for a value that is not an event.
	 */
	record Event(int partition, long offset, @Nullable String key, @Nullable String eventId, @Nullable String orderId,
			long timestamp) {
	}

	/**
	 * A record of suspicious-user: the user, the count of its orders in one closed window, and the record's timestamp
	 * (the window's latest order, so within the window).
	 */
	record Suspicious(String userId, int count, long timestamp) {
	}

	/** A record of the dead-letter topic: its value as text, and the consumer group that sent it there. */
	record DeadLetter(String value, @Nullable String eventId, String group) {
	}

	/** A line of a lake object. */
	record LakeLine(String objectKey, @Nullable String eventId, @Nullable String orderId) {
	}

	/** A partition whose last stable offset is behind its log end: a transaction is still open there. */
	record OpenTransaction(String topicPartition, long lastStableOffset, long logEndOffset) {
	}

}
