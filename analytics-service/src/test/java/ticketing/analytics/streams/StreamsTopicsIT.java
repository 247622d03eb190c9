package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import ticketing.analytics.AnalyticsServiceApplication;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The topics the service writes keep records of any age: the output and dead-letter topics never delete by the age of
 * a record's timestamp, also when they were made by an older version with the default seven days, and the window
 * store's changelog counts its retention from when a window was written, not from the window's event time.
 */
@RealInfrastructure
class StreamsTopicsIT {

	private static final String SEVEN_DAYS = Long.toString(Duration.ofDays(7).toMillis());

	@Test
	void shouldGiveItsTopicsARetentionThatIgnoresTheAgeOfEventTimes(KafkaTestCluster kafka, @TempDir Path stateDir)
			throws Exception {
		// Given the suspicious-users topic made by an older version, with the broker's default time retention
		String suspiciousUsers = kafka.createTopic("older-suspicious-user", KafkaTestCluster.PARTITIONS,
				Map.of(TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS));
		String liveOrders = "category-filtered-ticket-order-" + UUID.randomUUID().toString().substring(0, 8);
		String deadLetters = "ticket-order.DLT-" + UUID.randomUUID().toString().substring(0, 8);
		String applicationId = "analytics-topics-" + UUID.randomUUID().toString().substring(0, 8);

		// When the service starts
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AnalyticsServiceApplication.class)
			.properties(kafka.springProperties())
			.run("--server.port=0",
					"--ticketing.lake.enabled=false", "--spring.kafka.streams.application-id=" + applicationId,
					"--spring.kafka.streams.state-dir=" + stateDir,
					"--ticketing.streams.topics.orders=" + kafka.createTopic("ticket-order"),
					"--ticketing.streams.topics.live-orders=" + liveOrders,
					"--ticketing.streams.topics.suspicious-users=" + suspiciousUsers,
					"--ticketing.streams.topics.dead-letter=" + deadLetters,
					"--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation())) {

			// Then the topics it made, and the one it found, keep their records until deleted on purpose
			try (Admin admin = kafka.admin()) {
				for (String topic : List.of(liveOrders, suspiciousUsers, deadLetters)) {
					assertThat(config(admin, topic).get(TopicConfig.RETENTION_MS_CONFIG).value())
						.as("retention.ms of " + topic)
						.isEqualTo("-1");
				}
				// And the window store's changelog is stamped when written
				String changelog = applicationId + "-" + AnalyticsTopology.ORDER_COUNTS_STORE + "-changelog";
				await("the window store's changelog").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> admin.listTopics().names().get().contains(changelog));
				assertThat(config(admin, changelog).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value())
					.isEqualTo("LogAppendTime");
			}
		}
	}

	private static Config config(Admin admin, String topic) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		return admin.describeConfigs(List.of(resource)).all().get().get(resource);
	}

}
