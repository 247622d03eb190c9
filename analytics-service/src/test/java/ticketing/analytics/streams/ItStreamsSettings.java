package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ticketing.analytics.streams.StreamsSettings.StreamTopics;

/** The service's Streams settings for an integration test: its own topics, application id and state directory. */
final class ItStreamsSettings {

	private ItStreamsSettings() {
	}

	/**
	 * The settings of application.yml, except that a dead member leaves the group after 6 s (the brokers' minimum)
	 * instead of 45 s: a new instance taking over after a crash does not wait that long.
	 */
	static StreamsSettings of(String bootstrapServers, String applicationId, Path stateDir, StreamTopics topics) {
		return of(bootstrapServers, applicationId, stateDir, topics, Duration.ofMillis(100));
	}

	/**
	 * The same with another commit interval; the transaction timeout grows with it (a transaction stays open from
	 * one commit to the next).
	 */
	static StreamsSettings of(String bootstrapServers, String applicationId, Path stateDir, StreamTopics topics,
			Duration commitInterval) {
		String transactionTimeout = Long.toString(Math.max(10_000, commitInterval.toMillis() * 3));
		return new StreamsSettings(applicationId, bootstrapServers, stateDir, "localhost:8082", 3, commitInterval, 1,
				Duration.ofSeconds(10), topics, TopologyTestSupport.DEFAULT_RULES,
				Map.of("session.timeout.ms", "6000", "producer.transaction.timeout.ms", transactionTimeout));
	}

}
