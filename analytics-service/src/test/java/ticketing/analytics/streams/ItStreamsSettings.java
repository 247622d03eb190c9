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
		return new StreamsSettings(applicationId, bootstrapServers, stateDir, "localhost:8082", 3,
				Duration.ofMillis(100), 1, Duration.ofSeconds(10), topics, TopologyTestSupport.DEFAULT_RULES,
				Map.of("session.timeout.ms", "6000"));
	}

}
