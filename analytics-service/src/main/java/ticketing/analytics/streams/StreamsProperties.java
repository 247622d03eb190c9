package ticketing.analytics.streams;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration: the client's settings (from {@code spring.kafka.streams}) with what this
 * application fixes in code, the one place where that is decided, whatever the settings say.
 */
public final class StreamsProperties {

	private StreamsProperties() {
	}

	/**
	 * @param client   the client's settings: application id, bootstrap servers, state directory, replication factor,
	 *                 commit interval, ...
	 * @param settings the application's settings
	 */
	public static Properties from(Map<?, ?> client, StreamsSettings settings) {
		Properties props = new Properties();
		props.putAll(client);
		// Each input record's effects (state, changelog, output, offsets) are committed in one transaction: after a
		// crash the output read with read_committed is as if the crash had not happened.
		props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
				minInSyncReplicas(replicationFactor(props)));
		// A record that cannot be read (invalid JSON, missing ids, unknown schema version) is logged, copied to the
		// dead-letter topic with the reason in __streams.errors.* headers (KIP-1034), counted, and skipped: the stream
		// thread goes on. The copy is written in the same transaction as the rest.
		props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
				PoisonRecordDeserializationHandler.class.getName());
		// A processor's failure: to the dead-letter topic if the record caused it, else the task fails and nothing
		// of the record is committed (PoisonRecords is the rule every consumer shares).
		props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
				PoisonRecordProcessingHandler.class.getName());
		props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.topics().deadLetter());
		return props;
	}

	/** The replication factor of the internal topics (Kafka Streams' default, -1, is the brokers' default). */
	static int replicationFactor(Map<?, ?> client) {
		Object factor = client.get(StreamsConfig.REPLICATION_FACTOR_CONFIG);
		return (factor != null) ? Integer.parseInt(factor.toString()) : -1;
	}

	/**
	 * min.insync.replicas of the topics the application creates: 2 with replication factor 3, so that an acks=all
	 * write survives one broker down and is refused, not lost, with two down; never more than the replicas.
	 */
	static String minInSyncReplicas(int replicationFactor) {
		return Integer.toString(Math.max(1, Math.min(2, replicationFactor - 1)));
	}

}
