package ticketing.notification.purchase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import ticketing.contract.TicketOrderPlaced;
import ticketing.notification.purchase.LastPurchaseStore.Outcome;
import ticketing.notification.purchase.LastPurchaseStore.Purchase;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.redis.RedisTestKeyspace;

import static org.assertj.core.api.Assertions.assertThat;

/** The apply script's rules, against the real Redis, without Kafka. */
@RealInfrastructure
class LastPurchaseStoreIT {

	private static final String TOPIC = "ticket-order";

	private static final TopicPartition PARTITION_0 = new TopicPartition(TOPIC, 0);

	private static final Instant T = RecordTimes.now().truncatedTo(ChronoUnit.SECONDS);

	private LettuceConnectionFactory connections;

	private LastPurchaseStore store;

	private ReadPositions positions;

	private final Map<TopicPartition, OptionalLong> lastApplied = new HashMap<>();

	private RedisTestKeyspace redis;

	@BeforeEach
	void connect(RedisTestKeyspace redis) {
		this.redis = redis;
		connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.uri().getHost(), redis.uri().getPort()));
		connections.afterPropertiesSet();
		StringRedisTemplate template = new StringRedisTemplate(connections);
		PurchaseStoreSettings settings = new PurchaseStoreSettings(redis.prefix());
		positions = new ReadPositions(template, settings);
		store = new LastPurchaseStore(template, settings, positions);
	}

	@AfterEach
	void disconnect() {
		connections.destroy();
	}

	@Test
	void shouldReplaceThePurchaseOnlyWithAGreaterTimePartitionAndOffset() {
		// Given a kept purchase at (T, partition 1, offset 5)
		assertThat(apply(order("a", "u1"), new EventOrigin(T, TOPIC, 1, 5, null))).isTrue();

		// When events come that are older, equal-time at a lower offset or partition, or equal-time and greater
		boolean older = apply(order("b", "u1"), new EventOrigin(T.minusMillis(1), TOPIC, 2, 100, null));
		boolean lowerOffset = apply(order("c", "u1"), new EventOrigin(T, TOPIC, 1, 4, null));
		boolean lowerPartition = apply(order("d", "u1"), new EventOrigin(T, TOPIC, 0, 99, null));
		boolean greaterOffset = apply(order("e", "u1"), new EventOrigin(T, TOPIC, 1, 6, null));

		// Then only the last one replaces it
		assertThat(List.of(older, lowerOffset, lowerPartition, greaterOffset)).containsExactly(false, false, false,
				true);
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("e");
		assertThat(redis.commands().hget(store.key("u1"), "updates")).isEqualTo("2");
	}

	@Test
	void shouldIgnoreTheSameOrderPublishedAgainAtALaterOffset() {
		apply(order("a", "u1"), new EventOrigin(T, TOPIC, 0, 5, "event-1"));

		boolean again = apply(order("a", "u1"), new EventOrigin(T.plusSeconds(1), TOPIC, 0, 6, "event-1"));

		assertThat(again).isFalse();
		assertThat(redis.commands().hgetall(store.key("u1"))).containsEntry("offset", "5").containsEntry("updates", "1");
	}

	@Test
	void shouldNotKeepFieldsOfThePreviousPurchaseThatTheNewOneLacks() {
		// Given a purchase with a title and a category
		apply(new TicketOrderPlaced("a", "u1", "mina", "1", "Midnight Jazz", "live", T),
				new EventOrigin(T, TOPIC, 0, 0, "event-a"));

		// When a newer one without them arrives (a hand-typed record)
		apply(new TicketOrderPlaced("b", "u1", null, "2", null, null, null),
				new EventOrigin(T.plusSeconds(1), TOPIC, 0, 1, null));

		// Then the kept purchase has no title, category, nickname or event id
		assertThat(store.find("u1")).contains(new LastPurchase("u1", "b", "2", null, null, T.plusSeconds(1)));
		assertThat(redis.commands().hgetall(store.key("u1"))).doesNotContainKeys("title", "category", "nickname",
				"event_id");
	}

	@Test
	void shouldKeepTheSamePurchaseWhateverTheDeliveryOrder() {
		// Given ten events of a user, some at the same time on different partitions
		List<Object[]> events = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			events.add(new Object[] { order("o" + i, "u"), new EventOrigin(T.plusSeconds(i / 3), TOPIC, i % 3, i, null) });
		}

		// When they are applied in ten different orders, each to its own user
		Random random = new Random(42);
		for (int run = 0; run < 10; run++) {
			List<Object[]> shuffled = new ArrayList<>(events);
			Collections.shuffle(shuffled, random);
			for (Object[] event : shuffled) {
				TicketOrderPlaced order = (TicketOrderPlaced) event[0];
				apply(order("" + order.orderId(), "run" + run), (EventOrigin) event[1]);
			}
		}

		// Then every user keeps the greatest event: the last at T+3s
		for (int run = 0; run < 10; run++) {
			Map<String, String> kept = redis.commands().hgetall(store.key("run" + run));
			assertThat(kept).containsEntry("order_id", "o9").containsEntry("partition", "0");
		}
	}

	@Test
	void shouldFindNothingForAUserWithoutPurchase() {
		assertThat(store.find("nobody")).isEmpty();
	}

	@Test
	void shouldIgnoreAHashItDidNotWrite() {
		// Given a hash typed by hand, without the purchase time
		redis.commands().hset(store.key("u1"), Map.of("order_id", "7", "content_id", "1"));

		// When it is read, then there is no purchase (rather than an error)
		assertThat(store.find("u1")).isEmpty();
	}

	@Test
	void shouldReplaceAValueThatIsNotAHash() {
		// Given a string at the user's key (typed by hand with redis-cli, or left by another program)
		redis.commands().set(store.key("u1"), "typed by hand");

		// When an event of the user is applied
		boolean applied = apply(order("a", "u1"), new EventOrigin(T, TOPIC, 0, 3, "event-a"));

		// Then the event is the truth: it replaced the value instead of failing on it
		assertThat(applied).isTrue();
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("a");
		assertThat(redis.commands().hget(store.key("u1"), "updates")).isEqualTo("1");
	}

	@Test
	void shouldReplaceAHashWhoseFieldsItCannotRead() {
		// Given hashes with a position that is not a number, and with fields missing
		redis.commands().hset(store.key("u1"),
				Map.of("event_time_ms", "yesterday", "partition", "x", "offset", "-", "order_id", "7"));
		redis.commands().hset(store.key("u2"), Map.of("order_id", "7", "content_id", "1"));
		redis.commands().hset(store.key("u3"), Map.of("event_time_ms", Long.toString(T.toEpochMilli()), "partition",
				"0", "offset", "1", "order_id", "7", "content_id", "1", "purchased_at", "not a time"));

		// When an event of each user is applied, older than the hand-written time of the third
		boolean first = apply(order("a", "u1"), new EventOrigin(T, TOPIC, 0, 3, null));
		boolean second = apply(order("b", "u2"), new EventOrigin(T, TOPIC, 0, 4, null));
		boolean third = apply(order("c", "u3"), new EventOrigin(T.minusSeconds(1), TOPIC, 0, 5, null));

		// Then each hash holds the event, readable again
		assertThat(List.of(first, second, third)).containsOnly(true);
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("a");
		assertThat(store.find("u2")).map(LastPurchase::orderId).contains("b");
		assertThat(store.find("u3")).map(LastPurchase::orderId).contains("c");
	}

	@Test
	void shouldWriteNothingWhenRedisNoLongerHoldsTheExpectedPosition() {
		// Given an event applied at offset 5 of partition 0
		apply(order("a", "u1"), new EventOrigin(T, TOPIC, 0, 5, null));
		assertThat(positions.read(List.of(PARTITION_0))).containsEntry(PARTITION_0, OptionalLong.of(5));

		// When Redis loses its data, and the next event comes from a consumer that expects position 5
		redis.commands().del(redis.keys().toArray(String[]::new));
		Outcome outcome = store.apply(order("b", "u2"), new EventOrigin(T, TOPIC, 0, 6, null), OptionalLong.of(5));

		// Then nothing is written: the consumer must read from what Redis holds (nothing: the beginning)
		assertThat(outcome).isEqualTo(Outcome.POSITION_MOVED);
		assertThat(redis.keys()).isEmpty();
		assertThat(positions.read(List.of(PARTITION_0))).containsEntry(PARTITION_0, OptionalLong.empty());
	}

	@Test
	void shouldMoveThePositionAlsoForAnEventThatChangesNothing() {
		apply(order("a", "u1"), new EventOrigin(T, TOPIC, 0, 5, null));

		boolean older = apply(order("b", "u1"), new EventOrigin(T.minusSeconds(1), TOPIC, 0, 6, null));

		assertThat(older).isFalse();
		assertThat(positions.read(List.of(PARTITION_0))).containsEntry(PARTITION_0, OptionalLong.of(6));
	}

	@Test
	void shouldApplyAPollInOneCallAsIfItsRecordsCameOneByOne() {
		// Given a poll of three partitions: users with several orders in it, an older order after a newer one, the
		// same order twice, and a user whose kept purchase is newer than the poll's
		apply(order("kept", "u3"), new EventOrigin(T.plusSeconds(60), TOPIC, 2, 0, null));
		List<Purchase> poll = List.of(new Purchase(order("a1", "u1"), new EventOrigin(T, TOPIC, 0, 10, null)),
				new Purchase(order("b1", "u2"), new EventOrigin(T, TOPIC, 1, 20, null)),
				new Purchase(order("a2", "u1"), new EventOrigin(T.plusSeconds(2), TOPIC, 0, 11, null)),
				new Purchase(order("a3", "u1"), new EventOrigin(T.plusSeconds(1), TOPIC, 1, 21, null)),
				new Purchase(order("b1", "u2"), new EventOrigin(T.plusSeconds(3), TOPIC, 1, 22, null)),
				new Purchase(order("c1", "u3"), new EventOrigin(T.plusSeconds(4), TOPIC, 2, 1, null)));

		// When it is applied in one call
		List<Outcome> outcomes = store.applyAll(poll, Map.of(PARTITION_0, OptionalLong.empty(),
				new TopicPartition(TOPIC, 1), OptionalLong.empty(), new TopicPartition(TOPIC, 2), OptionalLong.of(0)));

		// Then each record has the outcome it would have had alone, in order, and each partition's position is its
		// last record's offset
		assertThat(outcomes).containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED, Outcome.UNCHANGED,
				Outcome.UNCHANGED, Outcome.UNCHANGED);
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("a2");
		assertThat(redis.commands().hget(store.key("u1"), "updates")).isEqualTo("2");
		assertThat(store.find("u2")).map(LastPurchase::orderId).contains("b1");
		assertThat(redis.commands().hget(store.key("u2"), "offset")).isEqualTo("20");
		assertThat(store.find("u3")).map(LastPurchase::orderId).contains("kept");
		assertThat(positions.read(List.of(PARTITION_0, new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2))))
			.containsEntry(PARTITION_0, OptionalLong.of(11))
			.containsEntry(new TopicPartition(TOPIC, 1), OptionalLong.of(22))
			.containsEntry(new TopicPartition(TOPIC, 2), OptionalLong.of(1));
	}

	@Test
	void shouldWriteNothingOfAPollWhenOneOfItsPartitionsMoved() {
		// Given partitions 0 and 1 applied up to offsets 5 and 7
		apply(order("a", "u1"), new EventOrigin(T, TOPIC, 0, 5, null));
		apply(order("b", "u2"), new EventOrigin(T, TOPIC, 1, 7, null));

		// When a poll of both comes from a consumer that expects partition 1 at offset 6 (another consumer moved it)
		List<Outcome> outcomes = store.applyAll(
				List.of(new Purchase(order("c", "u1"), new EventOrigin(T.plusSeconds(1), TOPIC, 0, 6, null)),
						new Purchase(order("d", "u2"), new EventOrigin(T.plusSeconds(1), TOPIC, 1, 7, null))),
				Map.of(PARTITION_0, OptionalLong.of(5), new TopicPartition(TOPIC, 1), OptionalLong.of(6)));

		// Then nothing of it is written, not even the partition whose position was the expected one
		assertThat(outcomes).containsOnly(Outcome.POSITION_MOVED);
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("a");
		assertThat(store.find("u2")).map(LastPurchase::orderId).contains("b");
		assertThat(positions.read(List.of(PARTITION_0))).containsEntry(PARTITION_0, OptionalLong.of(5));
	}

	/** Applies as the listener does, with the partition's position as last written, and tells whether it applied. */
	private boolean apply(TicketOrderPlaced order, EventOrigin origin) {
		TopicPartition partition = new TopicPartition(origin.topic(), origin.partition());
		Outcome outcome = store.apply(order, origin, lastApplied.getOrDefault(partition, OptionalLong.empty()));
		assertThat(outcome).isNotEqualTo(Outcome.POSITION_MOVED);
		lastApplied.put(partition, OptionalLong.of(origin.offset()));
		return outcome.applied();
	}

	private static TicketOrderPlaced order(String orderId, String userId) {
		return order(orderId, userId, null);
	}

	private static TicketOrderPlaced order(String orderId, String userId, @Nullable Instant createdAt) {
		return new TicketOrderPlaced(orderId, userId, null, "c-" + orderId, "Title", "live", createdAt);
	}

}
