package ticketing.notification.purchase;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APPLY = RedisScript
		.of(new ClassPathResource("ticketing/notification/purchase/apply-purchases.lua"), List.class);

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
		return applyAll(List.of(new Purchase(event, origin)),
				Map.of(new TopicPartition(origin.topic(), origin.partition()), lastApplied))
			.get(0);
	}

	/**
	 * {@link #apply Applies} a poll's purchases, in their order, in one atomic script: one round trip for the whole
	 * poll. Each partition's read position becomes the offset of its last purchase in the list, provided Redis still
	 * holds every position the caller expects; if one differs, nothing at all is written.
	 * @param purchases   the purchases, in the order of their records in the poll
	 * @param lastApplied each partition's position as the caller last read or wrote it (empty for none); every
	 *                    partition of {@code purchases} must be there
	 * @return each purchase's outcome, in the same order; all {@link Outcome#POSITION_MOVED} when nothing was written
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached (a transient failure)
	 */
	public List<Outcome> applyAll(List<Purchase> purchases, Map<TopicPartition, OptionalLong> lastApplied) {
		if (purchases.isEmpty()) {
			return List.of();
		}
		Map<TopicPartition, Long> lastOffsets = new LinkedHashMap<>();
		for (Purchase purchase : purchases) {
			lastOffsets.merge(purchase.partition(), purchase.origin().offset(), Math::max);
		}
		List<String> keys = new ArrayList<>(purchases.size() + 1);
		keys.add(positions.key());
		List<String> args = new ArrayList<>(1 + 3 * lastOffsets.size() + 12 * purchases.size());
		args.add(Integer.toString(lastOffsets.size()));
		lastOffsets.forEach((partition, offset) -> {
			OptionalLong expected = lastApplied.get(partition);
			if (expected == null) {
				throw new IllegalArgumentException("No expected position for " + partition);
			}
			args.add(ReadPositions.field(partition));
			args.add(expected.isPresent() ? Long.toString(expected.getAsLong()) : "");
			args.add(Long.toString(offset));
		});
		for (Purchase purchase : purchases) {
			TicketOrderPlaced event = purchase.event();
			EventOrigin origin = purchase.origin();
			keys.add(key(event.userId()));
			args.add(Long.toString(origin.eventTime().toEpochMilli()));
			args.add(Integer.toString(origin.partition()));
			args.add(Long.toString(origin.offset()));
			args.add(event.orderId());
			int pairCountAt = args.size();
			args.add("");
			args.add("content_id");
			args.add(event.contentId());
			args.add("purchased_at");
			args.add(origin.eventTime().toString());
			addIfPresent(args, "title", event.title());
			addIfPresent(args, "category", event.category());
			addIfPresent(args, "nickname", event.nickname());
			addIfPresent(args, "event_id", origin.eventId());
			args.set(pairCountAt, Integer.toString((args.size() - pairCountAt - 1) / 2));
		}
		List<?> results = redis.execute(APPLY, keys, args.toArray());
		if (results != null && results.size() == 1 && ((Number) results.get(0)).longValue() == -1) {
			return Collections.nCopies(purchases.size(), Outcome.POSITION_MOVED);
		}
		if (results == null || results.size() != purchases.size()) {
			throw new IllegalStateException("The apply script answered " + results + " for " + purchases.size()
					+ " purchases");
		}
		List<Outcome> outcomes = new ArrayList<>(purchases.size());
		for (int i = 0; i < purchases.size(); i++) {
			Outcome outcome = Outcome.of(((Number) results.get(i)).longValue());
			outcomes.add(outcome);
			if (outcome == Outcome.REPLACED_UNREADABLE) {
				Purchase purchase = purchases.get(i);
				log.warn("Replaced {}: it held no purchase this service can read (a value set by hand?); it now "
						+ "holds order {} from partition {} offset {}", key(purchase.event().userId()),
						purchase.event().orderId(), purchase.origin().partition(), purchase.origin().offset());
			}
		}
		return outcomes;
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

	/** A ticket order to apply, and where it was read. */
	public record Purchase(TicketOrderPlaced event, EventOrigin origin) {

		/** The partition the event was read from. */
		public TopicPartition partition() {
			return new TopicPartition(origin.topic(), origin.partition());
		}

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
