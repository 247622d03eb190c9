package ticketing.notification.purchase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import ticketing.contract.TicketOrderPlaced;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.redis.RedisTestKeyspace;

import static org.assertj.core.api.Assertions.assertThat;

/** The apply script's rules, against the real Redis, without Kafka. */
@RealInfrastructure
class LastPurchaseStoreIT {

	private static final Instant T = RecordTimes.now().truncatedTo(ChronoUnit.SECONDS);

	private LettuceConnectionFactory connections;

	private LastPurchaseStore store;

	private RedisTestKeyspace redis;

	@BeforeEach
	void connect(RedisTestKeyspace redis) {
		this.redis = redis;
		connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.uri().getHost(), redis.uri().getPort()));
		connections.afterPropertiesSet();
		store = new LastPurchaseStore(new StringRedisTemplate(connections), new PurchaseStoreSettings(redis.prefix()));
	}

	@AfterEach
	void disconnect() {
		connections.destroy();
	}

	@Test
	void shouldReplaceThePurchaseOnlyWithAGreaterTimePartitionAndOffset() {
		// Given a kept purchase at (T, partition 1, offset 5)
		assertThat(store.apply(order("a", "u1"), new EventOrigin(T, 1, 5, null))).isTrue();

		// When events come that are older, equal-time at a lower offset or partition, or equal-time and greater
		boolean older = store.apply(order("b", "u1"), new EventOrigin(T.minusMillis(1), 2, 100, null));
		boolean lowerOffset = store.apply(order("c", "u1"), new EventOrigin(T, 1, 4, null));
		boolean lowerPartition = store.apply(order("d", "u1"), new EventOrigin(T, 0, 99, null));
		boolean greaterOffset = store.apply(order("e", "u1"), new EventOrigin(T, 1, 6, null));

		// Then only the last one replaces it
		assertThat(List.of(older, lowerOffset, lowerPartition, greaterOffset)).containsExactly(false, false, false,
				true);
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("e");
		assertThat(redis.commands().hget(store.key("u1"), "updates")).isEqualTo("2");
	}

	@Test
	void shouldIgnoreTheSameOrderPublishedAgainAtALaterOffset() {
		store.apply(order("a", "u1"), new EventOrigin(T, 0, 5, "event-1"));

		boolean again = store.apply(order("a", "u1"), new EventOrigin(T.plusSeconds(1), 0, 6, "event-1"));

		assertThat(again).isFalse();
		assertThat(redis.commands().hgetall(store.key("u1"))).containsEntry("offset", "5").containsEntry("updates", "1");
	}

	@Test
	void shouldNotKeepFieldsOfThePreviousPurchaseThatTheNewOneLacks() {
		// Given a purchase with a title and a category
		store.apply(new TicketOrderPlaced("a", "u1", "mina", "1", "Midnight Jazz", "live", T),
				new EventOrigin(T, 0, 0, "event-a"));

		// When a newer one without them arrives (a hand-typed record)
		store.apply(new TicketOrderPlaced("b", "u1", null, "2", null, null, null),
				new EventOrigin(T.plusSeconds(1), 0, 1, null));

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
			events.add(new Object[] { order("o" + i, "u"), new EventOrigin(T.plusSeconds(i / 3), i % 3, i, null) });
		}

		// When they are applied in ten different orders, each to its own user
		Random random = new Random(42);
		for (int run = 0; run < 10; run++) {
			List<Object[]> shuffled = new ArrayList<>(events);
			Collections.shuffle(shuffled, random);
			for (Object[] event : shuffled) {
				TicketOrderPlaced order = (TicketOrderPlaced) event[0];
				store.apply(order("" + order.orderId(), "run" + run), (EventOrigin) event[1]);
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
		boolean applied = store.apply(order("a", "u1"), new EventOrigin(T, 0, 3, "event-a"));

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
		boolean first = store.apply(order("a", "u1"), new EventOrigin(T, 0, 3, null));
		boolean second = store.apply(order("b", "u2"), new EventOrigin(T, 0, 4, null));
		boolean third = store.apply(order("c", "u3"), new EventOrigin(T.minusSeconds(1), 0, 5, null));

		// Then each hash holds the event, readable again
		assertThat(List.of(first, second, third)).containsOnly(true);
		assertThat(store.find("u1")).map(LastPurchase::orderId).contains("a");
		assertThat(store.find("u2")).map(LastPurchase::orderId).contains("b");
		assertThat(store.find("u3")).map(LastPurchase::orderId).contains("c");
	}

	private static TicketOrderPlaced order(String orderId, String userId) {
		return order(orderId, userId, null);
	}

	private static TicketOrderPlaced order(String orderId, String userId, @Nullable Instant createdAt) {
		return new TicketOrderPlaced(orderId, userId, null, "c-" + orderId, "Title", "live", createdAt);
	}

}
