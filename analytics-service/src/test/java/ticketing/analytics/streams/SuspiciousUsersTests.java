package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ticketing.analytics.streams.StreamsSettings.ScalpingRules;
import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.TicketOrderSerde;

import static org.assertj.core.api.Assertions.assertThat;
import static ticketing.analytics.streams.TestOrders.liveOrder;
import static ticketing.analytics.streams.TopologyTestSupport.DEFAULT_RULES;
import static ticketing.analytics.streams.TopologyTestSupport.TOPICS;

/**
 * The scalping detection with the service's defaults (5-minute windows, 1 minute of grace, 3 orders) unless a test
 * says otherwise. Windows are aligned to the epoch: the first one here is [10:00, 10:05), closed at 10:06 stream time.
 */
class SuspiciousUsersTests {

	private static final Instant WINDOW_START = Instant.parse("2026-11-25T10:00:00Z");

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, TicketOrderPlaced> orders;

	private TestOutputTopic<String, Integer> suspiciousUsers;

	@AfterEach
	void tearDown() {
		if (this.driver != null) {
			this.driver.close();
		}
	}

	@Test
	void shouldCountAnOrderAtTheLastMillisecondInItsWindowAndOneAtTheWindowEndInTheNext() {
		// Given the rules with a threshold of 2
		start(new ScalpingRules(Duration.ofMinutes(5), Duration.ofMinutes(1), 2));

		// When a user orders at 10:00:00.000, 10:04:59.999 and 10:05:00.000
		place("user-1", at(0, 0, 0));
		place("user-1", at(4, 59, 999));
		place("user-1", at(5, 0, 0));

		// Then the first window has the first two orders, the second window the third
		assertThat(windowCounts("user-1")).containsExactly(KeyValue.pair(at(0, 0, 0), 2L), KeyValue.pair(at(5, 0, 0), 1L));

		// When both windows close
		advanceStreamTimeTo(at(11, 0, 0));

		// Then only the first window reaches the threshold
		assertThat(this.suspiciousUsers.readKeyValuesToList()).containsExactly(KeyValue.pair("user-1", 2));
	}

	@Test
	void shouldEmitAWindowExactlyWhenStreamTimeReachesItsEndPlusGrace() {
		// Given a user with three orders in the first window
		start(DEFAULT_RULES);
		place("user-1", at(1, 0, 0));
		place("user-1", at(2, 0, 0));
		place("user-1", at(3, 0, 0));

		// When stream time reaches the last millisecond of the grace period
		advanceStreamTimeTo(at(5, 59, 999));

		// Then nothing is emitted yet
		assertThat(this.suspiciousUsers.isEmpty()).isTrue();

		// When stream time reaches the window end plus grace
		advanceStreamTimeTo(at(6, 0, 0));

		// Then the user is emitted with the count, stamped with the window's start (the key names only the user)
		TestRecord<String, Integer> emitted = this.suspiciousUsers.readRecord();
		assertThat(KeyValue.pair(emitted.key(), emitted.value())).isEqualTo(KeyValue.pair("user-1", 3));
		assertThat(emitted.getRecordTime()).isEqualTo(at(0, 0, 0));
		assertThat(this.suspiciousUsers.isEmpty()).isTrue();
	}

	@Test
	void shouldEmitAClosedWindowWhenStreamTimeJumpsFarBeyondTheStoresRetention() {
		// Given a user with three orders in the first window
		start(DEFAULT_RULES);
		place("user-1", at(1, 0, 0));
		place("user-1", at(2, 0, 0));
		place("user-1", at(3, 0, 0));

		// When the next order is two hours later (the window store keeps windows for window + grace, 6 minutes)
		advanceStreamTimeTo(at(120, 0, 0));
		advanceStreamTimeTo(at(240, 0, 0));

		// Then the closed window is emitted once, before the store lets it go
		assertThat(this.suspiciousUsers.readKeyValuesToList()).containsExactly(KeyValue.pair("user-1", 3));
		assertThat(windowCounts("user-1")).isEmpty();
	}

	@Test
	void shouldCountALateOrderWithinTheGracePeriod() {
		// Given a user with two orders in the first window, and stream time in the grace period of that window
		start(DEFAULT_RULES);
		place("user-1", at(1, 0, 0));
		place("user-1", at(2, 0, 0));
		advanceStreamTimeTo(at(5, 59, 999));

		// When a third order of the first window arrives late, within the grace period, and the window then closes
		place("user-1", at(3, 0, 0));
		advanceStreamTimeTo(at(6, 0, 0));

		// Then it was counted: the user is suspicious, and no record was dropped
		assertThat(this.suspiciousUsers.readKeyValuesToList()).containsExactly(KeyValue.pair("user-1", 3));
		assertThat(droppedRecords()).isZero();
	}

	@Test
	void shouldDropALateOrderAfterTheGracePeriodAndCountItInTheMetric() {
		// Given a user with two orders in the first window, which has closed
		start(DEFAULT_RULES);
		place("user-1", at(1, 0, 0));
		place("user-1", at(2, 0, 0));
		advanceStreamTimeTo(at(6, 0, 0));

		// When a third order of that window arrives after the grace period
		place("user-1", at(3, 0, 0));
		advanceStreamTimeTo(at(20, 0, 0));

		// Then it is not counted (the closed window stays out of the store), nothing is emitted, and the drop shows
		// in the dropped-records metric
		assertThat(windowCounts("user-1")).isEmpty();
		assertThat(this.suspiciousUsers.isEmpty()).isTrue();
		assertThat(droppedRecords()).isEqualTo(1.0);
	}

	@Test
	void shouldReportAUserWhoseOrdersReachTheThreshold() {
		// Given a threshold of 2
		start(new ScalpingRules(Duration.ofMinutes(5), Duration.ofMinutes(1), 2));

		// When a user orders twice in a window that then closes
		place("user-1", at(1, 0, 0));
		place("user-1", at(2, 0, 0));
		advanceStreamTimeTo(at(6, 0, 0));

		// Then the user is reported with 2
		assertThat(this.suspiciousUsers.readKeyValuesToList()).containsExactly(KeyValue.pair("user-1", 2));
	}

	@Test
	void shouldNotReportAUserBelowTheThreshold() {
		// Given a threshold of 3
		start(DEFAULT_RULES);

		// When a user orders twice in a window that then closes
		place("user-1", at(1, 0, 0));
		place("user-1", at(2, 0, 0));
		advanceStreamTimeTo(at(6, 0, 0));

		// Then nobody is reported
		assertThat(this.suspiciousUsers.isEmpty()).isTrue();
	}

	@Test
	void shouldEmitEachSuspiciousUserOncePerWindow() {
		// Given two users above the threshold in the first window, and one of them again in the second
		start(DEFAULT_RULES);
		for (int second = 0; second < 5; second++) {
			place("user-1", at(1, second, 0));
		}
		for (int second = 0; second < 3; second++) {
			place("user-2", at(2, second, 0));
		}
		for (int second = 0; second < 4; second++) {
			place("user-1", at(7, second, 0));
		}

		// When stream time moves on record by record, well past the close of both windows
		for (int minute = 8; minute <= 20; minute++) {
			advanceStreamTimeTo(at(minute, 0, 0));
		}

		// Then each window emits its users once, with the final count
		assertThat(this.suspiciousUsers.readKeyValuesToList()).containsExactlyInAnyOrder(KeyValue.pair("user-1", 5),
				KeyValue.pair("user-2", 3), KeyValue.pair("user-1", 4));
	}

	private void start(ScalpingRules rules) {
		this.driver = TopologyTestSupport.driver(rules, this.stateDir);
		this.orders = this.driver.createInputTopic(TOPICS.orders(), new StringSerializer(),
				new TicketOrderSerde().serializer());
		this.suspiciousUsers = this.driver.createOutputTopic(TOPICS.suspiciousUsers(), new StringDeserializer(),
				new IntegerDeserializer());
	}

	private void place(String userId, Instant at) {
		this.orders.pipeInput(userId, liveOrder(userId), at);
	}

	/** Stream time is the highest record timestamp seen: an order of a user of its own moves it. */
	private void advanceStreamTimeTo(Instant at) {
		place("clock-" + at.toEpochMilli(), at);
	}

	private static Instant at(int minutes, int seconds, int millis) {
		return WINDOW_START.plus(Duration.ofMinutes(minutes).plusSeconds(seconds).plusMillis(millis));
	}

	private List<KeyValue<Instant, Long>> windowCounts(String userId) {
		WindowStore<String, Long> store = this.driver.getWindowStore(AnalyticsTopology.ORDER_COUNTS_STORE);
		try (WindowStoreIterator<Long> iterator = store.fetch(userId, Instant.EPOCH, WINDOW_START.plus(Duration.ofDays(1)))) {
			List<KeyValue<Instant, Long>> counts = new ArrayList<>();
			iterator.forEachRemaining((entry) -> counts.add(KeyValue.pair(Instant.ofEpochMilli(entry.key), entry.value)));
			return counts;
		}
	}

	private double droppedRecords() {
		Map<MetricName, ? extends Metric> metrics = this.driver.metrics();
		return metrics.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().name().equals("dropped-records-total")
					&& entry.getKey().group().equals("stream-task-metrics"))
			.mapToDouble((entry) -> ((Number) entry.getValue().metricValue()).doubleValue())
			.sum();
	}

}
