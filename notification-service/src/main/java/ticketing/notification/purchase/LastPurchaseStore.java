package ticketing.notification.purchase;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

import ticketing.contract.TicketOrderPlaced;

/**
 * Each user's latest purchase in Redis: one hash per user, {@code <prefix>user:<userId>:last-purchase}, no TTL (the
 * {@code ticket-order} topic is the source of truth; the hashes can be rebuilt from it). Fields: {@code order_id},
 * {@code content_id}, {@code title}, {@code category}, {@code nickname} (those the event has), {@code purchased_at}
 * (ISO-8601), {@code event_time_ms}, {@code partition}, {@code offset}, {@code event_id} (if the record had one) and
 * {@code updates} (how many events have replaced the latest purchase; a duplicate or older event does not count).
 */
@Repository
public class LastPurchaseStore {

	private static final RedisScript<Long> APPLY = RedisScript
		.of(new ClassPathResource("ticketing/notification/purchase/apply-purchase.lua"), Long.class);

	private static final List<String> REQUIRED_FIELDS = List.of("order_id", "content_id", "purchased_at");

	private static final Logger log = LoggerFactory.getLogger(LastPurchaseStore.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final ReadPositions positions;

	LastPurchaseStore(StringRedisTemplate redis, PurchaseStoreSettings settings, ReadPositions positions) {
		this.redis = redis;
		this.positions = positions;
		this.keyPrefix = settings.keyPrefix();
	}

	/**
	 * Keeps the event as the user's latest purchase unless the kept one is the same order or newer (by
	 * {@link EventOrigin}): applying an event twice, or an older one after a newer one, changes nothing. A value at the
	 * key that is not a purchase this service can read (not a hash, a field missing or malformed) is replaced: the
	 * topic is the truth, and such a value must not stop the partition. In the same atomic step the record's offset
	 * becomes the partition's {@link ReadPositions read position}, provided Redis still holds the position the caller
	 * expects; if not, nothing is written.
	 * @param lastApplied the partition's position as the caller last read or wrote it; empty for none
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached (a transient failure)
	 */
	public Outcome apply(TicketOrderPlaced event, EventOrigin origin, OptionalLong lastApplied) {
		List<String> args = new ArrayList<>(List.of(Long.toString(origin.eventTime().toEpochMilli()),
				Integer.toString(origin.partition()), Long.toString(origin.offset()), event.orderId(),
				ReadPositions.field(new TopicPartition(origin.topic(), origin.partition())),
				lastApplied.isPresent() ? Long.toString(lastApplied.getAsLong()) : "", "content_id",
				event.contentId(), "purchased_at", origin.eventTime().toString()));
		addIfPresent(args, "title", event.title());
		addIfPresent(args, "category", event.category());
		addIfPresent(args, "nickname", event.nickname());
		addIfPresent(args, "event_id", origin.eventId());
		Long result = redis.execute(APPLY, List.of(key(event.userId()), positions.key()), args.toArray());
		Outcome outcome = Outcome.of((result != null) ? result : 0L);
		if (outcome == Outcome.REPLACED_UNREADABLE) {
			log.warn("Replaced {}: it held no purchase this service can read (a value set by hand?); it now holds "
					+ "order {} from partition {} offset {}", key(event.userId()), event.orderId(), origin.partition(),
					origin.offset());
		}
		return outcome;
	}

	/** The user's latest purchase, if any. */
	public Optional<LastPurchase> find(String userId) {
		Map<Object, Object> hash;
		try {
			hash = redis.opsForHash().entries(key(userId));
		}
		catch (DataAccessException ex) {
			if (!String.valueOf(ex.getMostSpecificCause().getMessage()).contains("WRONGTYPE")) {
				throw ex; // Redis unreachable or failing: the controller answers 503
			}
			// Not a hash at all (a value set by hand with redis-cli?): no purchase to show, and not the client's fault.
			log.warn("Ignoring {}: it is not a hash", key(userId));
			return Optional.empty();
		}
		if (!hash.keySet().containsAll(REQUIRED_FIELDS)) {
			// Nothing, or not a hash this service wrote (typed by hand with redis-cli?): no purchase to show.
			if (!hash.isEmpty()) {
				log.warn("Ignoring {}: it lacks some of the fields {}", key(userId), REQUIRED_FIELDS);
			}
			return Optional.empty();
		}
		Instant purchasedAt;
		try {
			purchasedAt = Instant.parse((String) hash.get("purchased_at"));
		}
		catch (DateTimeParseException ex) {
			log.warn("Ignoring {}: its purchased_at '{}' is not an ISO-8601 instant", key(userId),
					hash.get("purchased_at"));
			return Optional.empty();
		}
		return Optional.of(new LastPurchase(userId, (String) hash.get("order_id"), (String) hash.get("content_id"),
				(String) hash.get("title"), (String) hash.get("category"), purchasedAt));
	}

	/** The Redis key of a user's latest purchase. */
	public String key(String userId) {
		return keyPrefix + "user:" + userId + ":last-purchase";
	}

	/** What {@link #apply} did. */
	public enum Outcome {

		/** The event is the user's latest purchase now. */
		APPLIED,

		/** The same order, or an older one, was kept: nothing changed but the read position. */
		UNCHANGED,

		/** The event replaced a value that was no purchase this service can read. */
		REPLACED_UNREADABLE,

		/**
		 * Nothing was written: Redis does not hold the read position the caller expected (it lost its data, was
		 * reset, or another consumer moved on); read the positions again and go on from there.
		 */
		POSITION_MOVED;

		static Outcome of(long result) {
			return switch ((int) result) {
				case 1 -> APPLIED;
				case 0 -> UNCHANGED;
				case 2 -> REPLACED_UNREADABLE;
				case -1 -> POSITION_MOVED;
				default -> throw new IllegalStateException("The apply script answered " + result);
			};
		}

		/** Whether the event is the user's latest purchase now. */
		public boolean applied() {
			return this == APPLIED || this == REPLACED_UNREADABLE;
		}

	}

	private static void addIfPresent(List<String> args, String field, @Nullable String value) {
		if (value != null) {
			args.add(field);
			args.add(value);
		}
	}

}
