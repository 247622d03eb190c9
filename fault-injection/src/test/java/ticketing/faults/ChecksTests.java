package ticketing.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ticketing.faults.FaultInjector.Phantom;
import ticketing.faults.FaultInjector.Poison;
import ticketing.faults.Observations.DeadLetter;
import ticketing.faults.Observations.Event;
import ticketing.faults.Observations.LakeLine;
import ticketing.faults.Observations.OpenTransaction;
import ticketing.faults.Observations.PgOrder;
import ticketing.faults.Observations.Suspicious;
import ticketing.faults.OrderClients.Acknowledged;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks catch each kind of difference, and name the order: a world built by hand where everything is right,
 * then one thing made wrong per test.
 */
class ChecksTests {

	static final Checks.Windows WINDOWS = new Checks.Windows(Duration.ofSeconds(10), Duration.ofSeconds(5), 3);

	static final long T0 = 1_800_000_000_000L; // a window boundary

	final List<PgOrder> orders = new ArrayList<>();

	final Map<String, Long> orderOfEvent = new HashMap<>();

	final Map<Long, String> eventOfOrder = new HashMap<>();

	final List<Event> topic = new ArrayList<>();

	final List<Event> live = new ArrayList<>();

	final List<Suspicious> suspicious = new ArrayList<>();

	final List<DeadLetter> deadLetters = new ArrayList<>();

	final Map<Long, String> redis = new HashMap<>();

	final Map<Long, Long> redisUpdates = new HashMap<>();

	final List<LakeLine> lake = new ArrayList<>();

	final List<OpenTransaction> open = new ArrayList<>();

	final List<Acknowledged> acknowledged = new ArrayList<>();

	final List<Poison> poisons = List.of(new Poison("poison-1", "not JSON"));

	final List<Phantom> phantoms = List.of(new Phantom("9000000000", "1"));

	@BeforeEach
	void aConsistentWorld() {
		// user 1: three orders in the first window (suspicious once it closes), user 2: one live order later
		order(1, 1, 2, "movie", T0 + 1_000);
		order(2, 1, 2, "movie", T0 + 2_000);
		order(3, 1, 1, "live", T0 + 3_000);
		order(4, 2, 5, "live", T0 + 4_000);
		order(5, 1, 3, "comedy", T0 + 21_000); // moves user 1's partition past the window's end plus grace
		suspicious.add(new Suspicious("1", 3, T0 + 3_000));
		deadLetters.add(new DeadLetter("{\"order_id\":\"poison-1\", oops", "poison-1", "notification-service"));
		deadLetters.add(new DeadLetter("{\"order_id\":\"poison-1\", oops", "poison-1", "analytics-lake"));
		deadLetters.add(new DeadLetter("{\"order_id\":\"poison-1\", oops", "poison-1", "analytics-streams"));
		topic.add(new Event(0, 99, "1", "poison-1", null, T0));
	}

	@Test
	void shouldPassAConsistentWorld() {
		assertThat(checks().all(acknowledged, List.of(), WINDOWS)).allSatisfy((result) -> assertThat(result.passed())
			.as(result.name() + ": " + result.differences())
			.isTrue());
	}

	@Test
	void shouldCatchAnAcknowledgedOrderThatPostgresLost() {
		acknowledged.add(new Acknowledged("key-x", 42, 1, 1));

		Checks.Result result = checks().acknowledgedOrdersInPostgres(acknowledged, List.of());

		assertThat(result.passed()).isFalse();
		assertThat(result.losses()).isEqualTo(1);
		assertThat(result.differences()).anyMatch((d) -> d.contains("order 42") && d.contains("not in PostgreSQL"));
	}

	@Test
	void shouldCatchAnOrderInPostgresThatNoClientWasGiven() {
		acknowledged.removeIf((ack) -> ack.orderId() == 2);

		Checks.Result result = checks().acknowledgedOrdersInPostgres(acknowledged, List.of());

		assertThat(result.passed()).isFalse();
		assertThat(result.differences()).anyMatch((d) -> d.startsWith("order 2 "));
	}

	@Test
	void shouldCatchADuplicateInTheTopic() {
		Event first = topic.get(1);
		topic.add(new Event(first.partition(), 50, first.key(), first.eventId(), first.orderId(), first.timestamp()));

		Checks.Result result = checks().ticketOrderTopic();

		assertThat(result.passed()).isFalse();
		assertThat(result.duplicates()).isEqualTo(1);
		assertThat(result.differences()).anyMatch((d) -> d.contains("order " + first.orderId() + " is in ticket-order 2 times"));
	}

	@Test
	void shouldCatchALossInTheTopic() {
		topic.removeIf((event) -> "3".equals(event.orderId()));

		Checks.Result result = checks().ticketOrderTopic();

		assertThat(result.losses()).isEqualTo(1);
		assertThat(result.differences()).anyMatch((d) -> d.contains("order 3 (user 1) is missing from ticket-order"));
	}

	@Test
	void shouldCatchAUsersOrdersOutOfOrder() {
		Event two = topic.stream().filter((e) -> "2".equals(e.orderId())).findFirst().orElseThrow();
		Event three = topic.stream().filter((e) -> "3".equals(e.orderId())).findFirst().orElseThrow();
		topic.set(topic.indexOf(two), new Event(two.partition(), three.offset(), two.key(), two.eventId(), two.orderId(), two.timestamp()));
		topic.set(topic.indexOf(three), new Event(three.partition(), two.offset(), three.key(), three.eventId(), three.orderId(), three.timestamp()));
		topic.sort(java.util.Comparator.comparingLong(Event::offset));

		Checks.Result result = checks().ticketOrderTopic();

		assertThat(result.passed()).isFalse();
		assertThat(result.differences()).anyMatch((d) -> d.contains("user 1: order 2") && d.contains("after order 3"));
	}

	@Test
	void shouldCatchAnAbortedOrderInRedis() {
		redis.put(1L, "9000000000");

		Checks.Result result = checks().latestPurchaseInRedis();

		assertThat(result.passed()).isFalse();
		assertThat(result.differences()).containsExactly(
				"user 1: Redis has order 9000000000 (written in a transaction that was aborted), PostgreSQL's latest is 5");
	}

	@Test
	void shouldCatchAUserMissingFromRedis() {
		redis.remove(2L);

		Checks.Result result = checks().latestPurchaseInRedis();

		assertThat(result.losses()).isEqualTo(1);
	}

	@Test
	void shouldCatchADuplicateAndAStrangerInTheLake() {
		lake.add(lake.get(0));
		lake.add(new LakeLine("ticket-order/x.jsonl", UUID.randomUUID().toString(), "9000000000"));

		Checks.Result result = checks().lake();

		assertThat(result.passed()).isFalse();
		assertThat(result.duplicates()).isEqualTo(1);
		assertThat(result.differences()).anyMatch((d) -> d.contains("order 9000000000 (written in a transaction that was aborted)"));
	}

	@Test
	void shouldCatchANonLiveOrderAndAMissingLiveOrderInTheFilteredTopic() {
		live.removeIf((event) -> "4".equals(event.orderId()));
		live.add(topic.stream().filter((e) -> "1".equals(e.orderId())).findFirst().orElseThrow());

		Checks.Result result = checks().streams(WINDOWS);

		assertThat(result.losses()).isEqualTo(1);
		assertThat(result.differences()).anyMatch((d) -> d.contains("has 1, not a live order"))
			.anyMatch((d) -> d.contains("live order 4 is not in"));
	}

	@Test
	void shouldRecountSuspiciousUsersOnlyForClosedWindows() {
		// user 1's window [T0, T0+10s) closed at stream time T0+21s (end 10 s + grace 5 s): three orders
		assertThat(checks().recountSuspicious(WINDOWS).windows()).containsEntry("user 1, window from 2027-01-15T08:00:00Z",
				new Checks.WindowCount(3, 3, true));
		assertThat(checks().streams(WINDOWS).passed()).isTrue();
		// without the later order the window is still open: no record yet
		topic.removeIf((event) -> "5".equals(event.orderId()));
		assertThat(checks().recountSuspicious(WINDOWS).windows()).containsEntry("user 1, window from 2027-01-15T08:00:00Z",
				new Checks.WindowCount(3, 3, false));
		assertThat(checks().streams(WINDOWS).differences()).containsExactly(
				"suspicious-user: user 1, window from 2027-01-15T08:00:00Z: records [3], the recount wants none");
	}

	@Test
	void shouldCatchASuspiciousUserCountedTwice() {
		suspicious.add(new Suspicious("1", 3, T0 + 2_000));

		assertThat(checks().streams(WINDOWS).differences()).containsExactly(
				"suspicious-user: user 1, window from 2027-01-15T08:00:00Z: records [3, 3], the recount wants one with 3");
	}

	@Test
	void shouldCatchASuspiciousUserNeverReported() {
		suspicious.clear();

		assertThat(checks().streams(WINDOWS).differences()).containsExactly(
				"suspicious-user: user 1, window from 2027-01-15T08:00:00Z: records [], the recount wants one with 3");
	}

	@Test
	void shouldTellWindowsApartWhenAUserHasTheSameCountInTwo() {
		// user 1's window is emitted twice and another window of it with the same count never: not a wash
		suspicious.add(new Suspicious("1", 3, T0 + 45_000));

		assertThat(checks().streams(WINDOWS).passed()).isFalse();
	}

	@Test
	void shouldAcceptEitherCountButOneRecordForAWindowThatGotAnOrderLaterThanTheGrace() {
		// an order of the first window arrives after stream time passed its end plus the grace
		order(6, 1, 2, "movie", T0 + 4_000);
		assertThat(checks().recountSuspicious(WINDOWS).uncertain())
			.containsExactly("user 1, window from 2027-01-15T08:00:00Z");

		// Kafka Streams dropped it (the record says 3) or, its stream time set back by a restart, counted it (4)
		assertThat(checks().streams(WINDOWS).passed()).isTrue();
		suspicious.set(0, new Suspicious("1", 4, T0 + 4_000));
		assertThat(checks().streams(WINDOWS).passed()).isTrue();

		// but never two records, nor none, for the window
		suspicious.add(new Suspicious("1", 3, T0 + 3_000));
		assertThat(checks().streams(WINDOWS).differences()).containsExactly(
				"suspicious-user: user 1, window from 2027-01-15T08:00:00Z: records [4, 3], the recount wants one with 3 to 4");
		suspicious.clear();
		assertThat(checks().streams(WINDOWS).passed()).isFalse();
	}

	@Test
	void shouldCatchALostNotificationThatALaterOneHid() {
		// user 1's latest purchase is right, but one of its four updates never happened
		redisUpdates.put(1L, 3L);

		Checks.Result result = checks().latestPurchaseInRedis();

		assertThat(result.differences()).containsExactly(
				"user 1: Redis counted 3 updates, the topic's events give 4 (a notification lost or applied twice)");
		assertThat(result.losses()).isEqualTo(1);
	}

	@Test
	void shouldCountOnlyTheUpdatesThatReplaceAnOlderPurchase() {
		// user 2's second order was placed before its first (a slower API instance): it never becomes the latest
		order(6, 2, 7, "movie", T0 + 3_500);

		assertThat(checks().replayedUpdates()).containsEntry(1L, 4L).containsEntry(2L, 1L);
	}

	@Test
	void shouldCatchAnOpenTransaction() {
		open.add(new OpenTransaction("ticket-order-1", 10, 12));

		assertThat(checks().noOpenTransaction().passed()).isFalse();
	}

	@Test
	void shouldCatchAPoisonRecordThatAGroupDidNotDeadLetter() {
		deadLetters.removeIf((letter) -> letter.group().equals("analytics-lake"));

		Checks.Result result = checks().deadLetters();

		assertThat(result.differences()).containsExactly("poison poison-1 (not JSON) is not in the DLT from analytics-lake");
	}

	@Test
	void shouldNotTakeOnePoisonRecordForAnotherWhoseNameStartsTheSame() {
		List<Poison> twelve = List.of(new Poison("poison-1", "not JSON"), new Poison("poison-11", "not JSON"));
		deadLetters.removeIf((letter) -> letter.group().equals("analytics-lake"));
		deadLetters.add(new DeadLetter("{\"order_id\":\"poison-11\", oops", "poison-11", "analytics-lake"));

		Checks.Result result = new Checks(observations(), phantoms, twelve, Set.of()).deadLetters();

		assertThat(result.differences()).contains("poison poison-1 (not JSON) is not in the DLT from analytics-lake");
	}

	@Test
	void shouldCatchARealOrderInTheDeadLetterTopic() {
		String eventId = eventOfOrder.get(2L);
		deadLetters.add(new DeadLetter("{\"order_id\":\"2\"}", eventId, "notification-service"));

		assertThat(checks().deadLetters().differences())
			.containsExactly("the DLT holds a record from notification-service that is no poison record: order 2");
	}

	private Observations observations() {
		return new Observations(orders, orderOfEvent, 0, topic, live, suspicious, deadLetters, redis, redisUpdates, List.of(), lake,
				open);
	}

	private Checks checks() {
		return new Checks(observations(), phantoms, poisons, Set.of());
	}

	/** An order as the real system leaves it: in PostgreSQL, acknowledged, on the topic, in the lake and Redis. */
	private void order(long id, long user, long content, String category, long createdAt) {
		orders.add(new PgOrder(id, user, content, category, createdAt));
		String eventId = UUID.randomUUID().toString();
		orderOfEvent.put(eventId, id);
		eventOfOrder.put(id, eventId);
		acknowledged.add(new Acknowledged("key-" + id, id, user, content));
		Event event = new Event((int) user % 3, topic.size(), Long.toString(user), eventId, Long.toString(id), createdAt);
		topic.add(event);
		if (category.equals("live")) {
			live.add(event);
		}
		lake.add(new LakeLine("ticket-order/date=2026-11-25/partition=0/vP4iTpolQ_abyEnkT-8EUg-00000000000000000000.jsonl",
				eventId, Long.toString(id)));
		redis.put(user, Long.toString(id));
		redisUpdates.merge(user, 1L, Long::sum);
	}

}
