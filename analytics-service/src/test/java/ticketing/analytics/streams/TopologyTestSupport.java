package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

import ticketing.analytics.streams.StreamsSettings.ScalpingRules;
import ticketing.analytics.streams.StreamsSettings.StreamTopics;

/** Builds the analytics topology into a {@link TopologyTestDriver} with the service's own Streams configuration. */
final class TopologyTestSupport {

	static final StreamTopics TOPICS = new StreamTopics("ticket-order", "category-filtered-ticket-order",
			"suspicious-user", "ticket-order.DLT");

	/** The service's defaults: 5-minute windows, 1 minute of grace, 3 orders. */
	static final ScalpingRules DEFAULT_RULES = new ScalpingRules(Duration.ofMinutes(5), Duration.ofMinutes(1), 3);

	private TopologyTestSupport() {
	}

	static TopologyTestDriver driver(ScalpingRules rules, Path stateDir) {
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, TOPICS, rules);
		Properties props = properties("analytics-test", stateDir, new StreamsSettings(Duration.ofSeconds(5), TOPICS, rules));
		return new TopologyTestDriver(builder.build(), props);
	}

	/** The service's configuration for a {@link TopologyTestDriver}: no brokers, one replica. */
	static Properties properties(String applicationId, Path stateDir, StreamsSettings settings) {
		return StreamsProperties.from(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
				StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092", StreamsConfig.STATE_DIR_CONFIG,
				stateDir.toAbsolutePath().toString(), StreamsConfig.REPLICATION_FACTOR_CONFIG, 1), settings);
	}

}
