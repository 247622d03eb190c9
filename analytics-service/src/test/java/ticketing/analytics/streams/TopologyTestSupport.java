package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsBuilder;
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
		StreamsSettings settings = new StreamsSettings("analytics-test", "unused:9092", stateDir, "localhost:8082", 1,
				Duration.ofMillis(100), 1, Duration.ofSeconds(5), TOPICS, rules, Map.of());
		Properties props = StreamsProperties.from(settings);
		return new TopologyTestDriver(builder.build(), props);
	}

}
