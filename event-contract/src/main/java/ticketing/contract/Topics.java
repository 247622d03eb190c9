package ticketing.contract;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics of the system: their names, and the settings that decide how long their records stay. Partitions and
 * replication are in {@code setup/kafka/topics.conf}, which the setup scripts and {@code ./demo} apply; that file
 * carries the same settings as {@link #settings(String)} (SetupFilesTests keeps them equal), and every service that
 * creates a topic at startup uses these.
 *
 * <h2>Retention: never by the age of a record's timestamp</h2>
 * Kafka deletes by time by comparing the broker's clock with the <em>record timestamps</em> of a segment (with
 * {@code CreateTime}, the producer's). Here those are event times: the relay stamps each event with the moment its
 * order was placed, and the consumers and Kafka Streams copy the input's timestamp. Event times can be arbitrarily old
 * when they are written: orders kept in the outbox through a long Kafka outage, a reprocessing from offset 0, a
 * rebuild. With the default seven days, such records would be deleted as soon as they are written, before any reader
 * saw them. So:
 * <ul>
 * <li>the event topics ({@link #TICKET_ORDER}, {@link #CATEGORY_FILTERED_TICKET_ORDER}, {@link #SUSPICIOUS_USER}) and
 * the dead letters ({@link #TICKET_ORDER_DLT}) keep their records until they are deleted on purpose
 * ({@code retention.ms=-1}): {@link #TICKET_ORDER} is what every reader rebuilds from (Redis, the lake, Kafka
 * Streams), and a dead letter waits for an operator;</li>
 * <li>the relay's progress is compacted, never deleted by time: only its last record counts;</li>
 * <li>Kafka Streams' window store changelog does delete old windows by time, measured from when the changelog record
 * was written ({@code LogAppendTime}), not from the window's event time: see analytics-service's
 * {@code AnalyticsTopology}.</li>
 * </ul>
 * Capacity is then planned by size (about 0.5 KB per order and replica), and old data is removed on purpose (a
 * deliberate {@code retention.ms} or {@code kafka-delete-records}, tiered storage), never by surprise.
 */
public final class Topics {

	/** Every placed order, keyed by user id, written only by order-service's transactional relay. */
	public static final String TICKET_ORDER = "ticket-order";

	/** Records of {@link #TICKET_ORDER} that no consumer can process, with the reason in headers. */
	public static final String TICKET_ORDER_DLT = "ticket-order.DLT";

	/** The orders of {@link #TICKET_ORDER} for live shows only, key and value unchanged (Kafka Streams). */
	public static final String CATEGORY_FILTERED_TICKET_ORDER = "category-filtered-ticket-order";

	/** Users with many orders in one time window: key user id (String), value the count (Integer). */
	public static final String SUSPICIOUS_USER = "suspicious-user";

	/**
	 * order-service's relay progress: which outbox rows were published, written in the same Kafka transaction as the
	 * events (like Kafka Connect's exactly-once source offsets). Compacted; internal to order-service.
	 */
	public static final String ORDER_RELAY_OFFSETS = "order-relay-offsets";

	/** Settings of a topic whose records are events or dead letters: kept until deleted on purpose. */
	public static final Map<String, String> EVENT_TOPIC_SETTINGS = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");

	/**
	 * Settings of the relay's progress topic: compacted, since only the last record of the relay's key is ever needed,
	 * with small segments so that compaction keeps the topic (read on every relay start) short.
	 */
	public static final Map<String, String> RELAY_PROGRESS_SETTINGS = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
			TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.SEGMENT_MS_CONFIG,
			Long.toString(Duration.ofHours(1).toMillis()));

	private Topics() {
	}

	/**
	 * The settings of a topic of the system, besides partitions, replication and min.insync.replicas; empty for a name
	 * that is not one of the system's topics.
	 * @param topic the topic's name as in this class
	 */
	public static Map<String, String> settings(String topic) {
		return switch (topic) {
			case TICKET_ORDER, TICKET_ORDER_DLT, CATEGORY_FILTERED_TICKET_ORDER, SUSPICIOUS_USER -> EVENT_TOPIC_SETTINGS;
			case ORDER_RELAY_OFFSETS -> RELAY_PROGRESS_SETTINGS;
			default -> Map.of();
		};
	}

}
