package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import ticketing.contract.EventHeaders;
import ticketing.order.Http;
import ticketing.order.OrderServiceApplication;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One relay's world for the tests that swap databases under it: its own event and progress topics and
 * transactional.id on the shared cluster, order-service instances started on a given database with them, and the
 * {@code reconcile} command run with the same settings.
 */
final class RelayTestSystem {

	final KafkaTestCluster kafka = TestInfrastructure.kafka();

	final String topic = kafka.createTopic("ticket-order");

	final String progressTopic = RelayTestProperties.progressTopic(kafka);

	final String transactionalId = "order-relay-" + UUID.randomUUID();

	/** The settings of the service, and of the command, on a database. */
	List<String> settings(PostgresTestDatabase database) {
		List<String> settings = new ArrayList<>(kafka.springArguments());
		settings.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(), "--ticketing.order.relay.topic=" + topic,
				"--ticketing.order.relay.progress-topic=" + progressTopic,
				"--ticketing.order.relay.transactional-id=" + transactionalId,
				"--ticketing.order.relay.poll-interval=200ms", "--ticketing.order.relay.retry-backoff=200ms",
				"--ticketing.order.relay.refusal-retry-interval=500ms", "--spring.main.banner-mode=off",
				"--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation()));
		return settings;
	}

	ConfigurableApplicationContext start(PostgresTestDatabase database, String... more) {
		List<String> args = new ArrayList<>(settings(database));
		args.add("--server.port=0");
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(OrderServiceApplication.class).run(args.toArray(String[]::new));
	}

	/** {@code java -jar order-service.jar reconcile} with the service's settings; returns its exit code. */
	int reconcile(PostgresTestDatabase database) {
		return ReconcileCommand.run(OrderServiceApplication.class, settings(database).toArray(String[]::new));
	}

	List<ConsumerRecord<String, String>> published() {
		return PublishedEvents.readCommitted(kafka, topic);
	}

	static void awaitAllPublished(ConfigurableApplicationContext service) {
		Outbox outbox = service.getBean(Outbox.class);
		await("outbox drained").atMost(Duration.ofSeconds(60))
			.until(() -> service.getBean(OrderRelay.class).isActive() && outbox.countUnpublished() == 0);
	}

	/** Waits until the service's relay refuses to publish, and returns why. */
	static String awaitRefusal(ConfigurableApplicationContext service) {
		OrderRelay relay = service.getBean(OrderRelay.class);
		await("the relay refuses").atMost(Duration.ofSeconds(60)).until(() -> relay.refusal().isPresent());
		return relay.refusal().orElseThrow();
	}

	static long placeOrder(ConfigurableApplicationContext service, int userId) {
		Http http = new Http(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
		var response = http.postJson("/orders", "{\"userId\": " + userId + ", \"contentId\": 1}");
		assertThat(response.statusCode()).isEqualTo(201);
		return Http.json(response).path("id").asLong();
	}

	static int healthStatus(ConfigurableApplicationContext service) {
		Http http = new Http(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
		return http.get("/actuator/health").statusCode();
	}

	static String eventId(ConsumerRecord<String, String> record) {
		return new String(record.headers().lastHeader(EventHeaders.EVENT_ID).value(), StandardCharsets.UTF_8);
	}

	static JdbcClient jdbc(PostgresTestDatabase database) {
		return JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password()));
	}

}
