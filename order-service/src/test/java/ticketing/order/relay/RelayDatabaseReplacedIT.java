package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import ticketing.contract.EventHeaders;
import ticketing.order.OrderServiceApplication;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka outlives the database: a new or restored database starts its outbox row ids at 1 again, while the relay's
 * progress topic still names the events of the old one. The relay must not take the new rows for published ones.
 */
@RealInfrastructure
class RelayDatabaseReplacedIT {

	private final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private final String topic = kafka.createTopic("ticket-order");

	private final String progressTopic = RelayTestProperties.progressTopic(kafka);

	private final String transactionalId = "order-relay-" + UUID.randomUUID();

	@Test
	void shouldPublishTheOrdersOfANewDatabaseAlthoughTheProgressTopicNamesTheOldOnesRows() {
		// Given a relay that published the 9 sample orders of a first database
		try (PostgresTestDatabase first = TestInfrastructure.postgres().createDatabase();
				ConfigurableApplicationContext service = start(first)) {
			awaitAllPublished(service);
			assertThat(PublishedEvents.readCommitted(kafka, topic)).hasSize(9);
		}

		// When the service starts on an empty new database (same topics, same transactional.id)
		try (PostgresTestDatabase second = TestInfrastructure.postgres().createDatabase();
				ConfigurableApplicationContext service = start(second)) {
			awaitAllPublished(service);

			// Then its 9 sample orders (outbox rows 1 to 9 again) are published too, each exactly once
			List<String> newEventIds = jdbc(second).sql("SELECT event_id::text FROM order_outbox")
				.query(String.class)
				.list();
			assertThat(newEventIds).hasSize(9);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				List<String> published = PublishedEvents.readCommitted(kafka, topic)
					.stream()
					.map(RelayDatabaseReplacedIT::eventId)
					.toList();
				assertThat(published).hasSize(18).doesNotHaveDuplicates().containsAll(newEventIds);
			});
		}
	}

	private static void awaitAllPublished(ConfigurableApplicationContext service) {
		Outbox outbox = service.getBean(Outbox.class);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> service.getBean(OrderRelay.class).isActive() && outbox.countUnpublished() == 0
					&& countOrders(service) == 9);
	}

	private static long countOrders(ConfigurableApplicationContext service) {
		return service.getBean(JdbcClient.class).sql("SELECT count(*) FROM ticket_orders").query(Long.class).single();
	}

	private static String eventId(ConsumerRecord<String, String> record) {
		return new String(record.headers().lastHeader(EventHeaders.EVENT_ID).value(), StandardCharsets.UTF_8);
	}

	private ConfigurableApplicationContext start(PostgresTestDatabase database) {
		return new SpringApplicationBuilder(OrderServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--ticketing.order.relay.topic=" + topic,
				"--ticketing.order.relay.progress-topic=" + progressTopic,
				"--ticketing.order.relay.transactional-id=" + transactionalId,
				"--ticketing.order.relay.poll-interval=200ms", "--ticketing.order.relay.retry-backoff=200ms",
				"--spring.main.banner-mode=off");
	}

	private static JdbcClient jdbc(PostgresTestDatabase database) {
		return JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password()));
	}

}
