package ticketing.analytics.streams;

import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

import ticketing.analytics.streams.StreamsSettings.ScalpingRules;
import ticketing.analytics.streams.StreamsSettings.StreamTopics;
import ticketing.consumer.RecordTracing;

/**
 * The two stream processors of analytics-service, built on one {@link StreamsBuilder}: a topic can have only one
 * source in a topology, so both read the same order stream.
 * <ol>
 * <li>Category filter: the orders for live shows to their own topic, unchanged: the same key, value bytes, headers
 * and timestamp.</li>
 * <li>Suspicious users: orders counted per user in tumbling windows; once a window has closed, the users with at
 * least the threshold of orders in it are emitted once, key user id, value the count as an Integer.</li>
 * </ol>
 * Time is the record timestamp (when the order was placed, set by order-service), not the processing time.
 */
public final class AnalyticsTopology {

	/** The window store of the order counts per user, read by the interactive queries. */
	public static final String ORDER_COUNTS_STORE = "order-counts-per-user";

	/** Per task, the start of the first window whose suspicious users have not been emitted yet. */
	static final String EMITTED_WINDOWS_STORE = "suspicious-users-emitted-until";

	/**
	 * The settings of the window store's changelog. Streams gives a window changelog {@code compact,delete} with a
	 * retention of window + grace + {@code windowstore.changelog.additional.retention.ms} (a day), and brokers delete
	 * by comparing their clock with record timestamps: by default the windows' event times. Counts of orders more than
	 * a day old (a backlog after an outage, a reprocessing from offset 0) were deleted as soon as they were written,
	 * and an instance taking over after a crash restored counts too low. Stamped at append, a window's changelog
	 * records stay for the retention after their last update, however old the window.
	 */
	static final Map<String, String> WINDOW_CHANGELOG_SETTINGS = Map
		.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

	private static final Serde<String> USER_IDS = Serdes.String();

	// Read with the contract's deserializer, written back as the bytes read: see RawOrder.
	private static final Serde<RawOrder> ORDERS = RawOrder.serde();

	private AnalyticsTopology() {
	}

	/** Adds both processors to the builder, without spans; returns the order stream they read. */
	public static KStream<String, RawOrder> build(StreamsBuilder builder, StreamTopics topics, ScalpingRules rules) {
		return build(builder, topics, rules, RecordTracing.none());
	}

	/** Adds both processors to the builder, each order in a span; returns the order stream they read. */
	public static KStream<String, RawOrder> build(StreamsBuilder builder, StreamTopics topics, ScalpingRules rules,
			RecordTracing tracing) {
		KStream<String, RawOrder> orders = builder
			.stream(topics.orders(), Consumed.with(USER_IDS, ORDERS).withName("orders"))
			.processValues(() -> new TracedOrders(tracing), Named.as("traced"));
		filterLiveOrders(orders, topics.liveOrders());
		reportSuspiciousUsers(builder, orders, rules, topics.suspiciousUsers());
		return orders;
	}

	static void filterLiveOrders(KStream<String, RawOrder> orders, String liveOrdersTopic) {
		// The output is the input record itself: key, value bytes, headers (event_id, traceparent ...) and timestamp.
		orders.filter((userId, order) -> order.event().isLive(), Named.as("live-only"))
			.to(liveOrdersTopic, Produced.with(USER_IDS, ORDERS).withName("live-orders"));
	}

	static void reportSuspiciousUsers(StreamsBuilder builder, KStream<String, RawOrder> orders, ScalpingRules rules,
			String suspiciousUsersTopic) {
		builder.addStateStore(Stores.windowStoreBuilder(orderCountsStore(rules), USER_IDS, Serdes.Long())
			// Without the record cache: an interactive query over all windows of a user then reads only the store's
			// existing segments, instead of walking the cache segment by segment from the epoch (seconds per query).
			.withCachingDisabled()
			.withLoggingEnabled(WINDOW_CHANGELOG_SETTINGS));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED_WINDOWS_STORE),
				Serdes.String(), Serdes.Long()));
		// The key is already the user id, so no repartition topic is needed.
		orders
			.process(() -> new SuspiciousUserDetector(ORDER_COUNTS_STORE, EMITTED_WINDOWS_STORE, rules),
					Named.as("count-orders-per-window"), ORDER_COUNTS_STORE, EMITTED_WINDOWS_STORE)
			.to(suspiciousUsersTopic, Produced.with(USER_IDS, Serdes.Integer()).withName("suspicious-users"));
	}

	/**
	 * The counts per user and window, kept for window + grace (as the DSL's default store). A plain window store, not
	 * the DSL's timestamped one: a timestamped store takes each count's timestamp from its changelog record when it
	 * restores, and with the changelog stamped at append ({@link #WINDOW_CHANGELOG_SETTINGS}) a restored count would
	 * carry the wall-clock time. A plain store restores the counts alone; each window's time is in its key.
	 */
	static WindowBytesStoreSupplier orderCountsStore(ScalpingRules rules) {
		return Stores.persistentWindowStore(ORDER_COUNTS_STORE, rules.windowSize().plus(rules.grace()),
				rules.windowSize(), false);
	}

}
