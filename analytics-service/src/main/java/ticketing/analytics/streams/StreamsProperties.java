package ticketing.analytics.streams;

import java.util.Properties;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The Kafka Streams configuration made from {@link StreamsSettings}: the one place where it is decided. */
public final class StreamsProperties {

	private StreamsProperties() {
	}

	public static Properties from(StreamsSettings settings) {
		Properties props = new Properties();
		props.putAll(settings.properties());
		props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
		props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
		// Each input record's effects (state, changelog, output, offsets) are committed in one transaction: after a
		// crash the output read with read_committed is as if the crash had not happened.
		props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
		props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), minInSyncReplicas(settings));
		props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
		props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.applicationServer());
		props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
		props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
		// A record that cannot be read (invalid JSON, missing ids, unknown schema version) is logged, copied to the
		// dead-letter topic with the reason in __streams.errors.* headers (KIP-1034), and skipped: the stream thread
		// goes on. The copy is written in the same transaction as the rest.
		props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
				LogAndContinueExceptionHandler.class.getName());
		// A processor's failure: to the dead-letter topic if the record caused it, else the task fails and nothing
		// of the record is committed (PoisonRecords is the rule every consumer shares).
		props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
				PoisonRecordProcessingHandler.class.getName());
		props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.topics().deadLetter());
		return props;
	}

	/**
	 * min.insync.replicas of the topics the application creates: 2 with replication factor 3, so that an acks=all
	 * write survives one broker down and is refused, not lost, with two down; never more than the replicas.
	 */
	static String minInSyncReplicas(StreamsSettings settings) {
		return Integer.toString(Math.max(1, Math.min(2, settings.replicationFactor() - 1)));
	}

}
