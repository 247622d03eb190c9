package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;

import ticketing.analytics.streams.StreamsSettings.StreamTopics;

/**
 * The service's Streams configuration for an integration test: its own topics, application id and state directory.
 *
 * @param settings   the application's settings ({@code ticketing.streams})
 * @param properties the client's configuration, as the service builds it from {@code spring.kafka.streams}
 */
record ItStreamsSettings(StreamsSettings settings, Properties properties) {

	/**
	 * The settings of application.yml, except that a dead member leaves the group after 6 s (the brokers' minimum)
	 * instead of 45 s: a new instance taking over after a crash does not wait that long.
	 */
	static ItStreamsSettings of(Map<String, Object> kafkaClient, String applicationId, Path stateDir,
			StreamTopics topics) {
		return of(kafkaClient, applicationId, stateDir, topics, Duration.ofMillis(100));
	}

	/**
	 * The same with another commit interval; the transaction timeout grows with it (a transaction stays open from
	 * one commit to the next).
	 */
	static ItStreamsSettings of(Map<String, Object> kafkaClient, String applicationId, Path stateDir,
			StreamTopics topics, Duration commitInterval) {
		String transactionTimeout = Long.toString(Math.max(10_000, commitInterval.toMillis() * 3));
		StreamsSettings settings = new StreamsSettings(Duration.ofSeconds(10), topics,
				TopologyTestSupport.DEFAULT_RULES);
		Map<String, Object> client = new HashMap<>(kafkaClient);
		client.putAll(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId, StreamsConfig.STATE_DIR_CONFIG,
				stateDir.toAbsolutePath().toString(), StreamsConfig.REPLICATION_FACTOR_CONFIG, 3,
				StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:8082", StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
				commitInterval.toMillis(), "session.timeout.ms", "6000", "producer.transaction.timeout.ms",
				transactionTimeout));
		return new ItStreamsSettings(settings, StreamsProperties.from(client, settings));
	}

}
