package ticketing.order.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import ticketing.order.Http;
import ticketing.order.OrderServiceApplication;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two order-service instances on one database and one cluster. One relay publishes at a time; when the active one is
 * paused (a stopped process, a long GC) its lease expires, the other takes over and fences it through the shared
 * transactional.id, and the paused one, woken up, publishes nothing.
 */
@RealInfrastructure
class RelayFencingIT {

	private PostgresTestDatabase database;

	private final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private String topic = "";

	private String progressTopic = "";

	private String transactionalId = "";

	@BeforeEach
	void databaseAndTopics() {
		database = TestInfrastructure.postgres().createDatabase();
		topic = kafka.createTopic("ticket-order");
		progressTopic = RelayTestProperties.progressTopic(kafka);
		transactionalId = "order-relay-" + UUID.randomUUID();
	}

	@AfterEach
	void stopInstances() {
		instances.forEach(ConfigurableApplicationContext::close);
		database.close();
	}

	@ParameterizedTest(name = "paused at {0}")
	@EnumSource(value = RelayStep.class, names = { "EVENTS_SENT", "KAFKA_COMMITTED" })
	void shouldFenceAPausedRelayAndPublishEveryOrderExactlyOnce(RelayStep pauseStep) {
		// Given two instances, A the active relay, B idle
		ScriptedFailures failuresOfA = new ScriptedFailures();
		ConfigurableApplicationContext a = start("instance-a", failuresOfA);
		OrderRelay relayA = a.getBean(OrderRelay.class);
		await().atMost(Duration.ofSeconds(30)).until(relayA::isActive);
		ConfigurableApplicationContext b = start("instance-b", new ScriptedFailures());
		OrderRelay relayB = b.getBean(OrderRelay.class);
		assertThat(relayB.isActive()).isFalse();

		// When A pauses in the middle of publishing orders
		failuresOfA.pauseAt(pauseStep);
		placeOrders(a, 6);
		await().atMost(Duration.ofSeconds(30)).until(failuresOfA::isPaused);

		// Then B takes over (A's lease expired), fences A, and publishes everything
		Outbox outbox = b.getBean(Outbox.class);
		await().atMost(Duration.ofSeconds(60)).until(relayB::isActive);
		await().atMost(Duration.ofSeconds(60)).until(() -> outbox.countUnpublished() == 0);

		// When A wakes up
		failuresOfA.release();

		// Then A is fenced: it commits nothing more, and steps down
		await().atMost(Duration.ofSeconds(60)).until(() -> !relayA.isActive());
		if (pauseStep == RelayStep.EVENTS_SENT) {
			assertThat(failuresOfA.passed()).doesNotContain(RelayStep.KAFKA_COMMITTED);
		}
		placeOrders(b, 4);
		await().atMost(Duration.ofSeconds(60)).until(() -> outbox.countUnpublished() == 0);
		assertThat(relayA.isActive()).isFalse();
		assertThat(failuresOfA.passed()).doesNotContain(RelayStep.BATCH_READ);
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc());
	}

	@Test
	void shouldKeepTheLeaseThroughRoundsLongerThanTheLease() {
		// Given two instances, A the active relay, B idle
		ScriptedFailures failuresOfA = new ScriptedFailures();
		ConfigurableApplicationContext a = start("instance-a", failuresOfA);
		await().atMost(Duration.ofSeconds(30)).until(a.getBean(OrderRelay.class)::isActive);
		ConfigurableApplicationContext b = start("instance-b", new ScriptedFailures());

		// When A's rounds become slow: each takes longer than the 2 s lease, none 2 s between two renewals
		failuresOfA.slowAt(Duration.ofMillis(1200), RelayStep.BATCH_READ, RelayStep.EVENTS_SENT);
		placeOrders(a, 4);

		// Then A keeps the lease and publishes everything: B never takes over, A never fails or steps down
		Outbox outbox = a.getBean(Outbox.class);
		await().atMost(Duration.ofSeconds(60)).until(() -> outbox.countUnpublished() == 0);
		assertThat(failuresOfA.passed()).contains(RelayStep.POSTGRES_MARKED);
		assertThat(counter(b, "ticketing.relay.activations")).isZero();
		assertThat(counter(a, "ticketing.relay.lease-lost")).isZero();
		assertThat(counter(a, "ticketing.relay.failures")).isZero();
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc());
	}

	private static double counter(ConfigurableApplicationContext instance, String name) {
		return instance.getBean(MeterRegistry.class).counter(name).count();
	}

	private void placeOrders(ConfigurableApplicationContext instance, int count) {
		Http http = new Http(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
		for (int i = 0; i < count; i++) {
			assertThat(http.postJson("/orders", "{\"userId\": " + (100 + i % 5) + ", \"contentId\": 1}").statusCode())
				.isEqualTo(201);
		}
	}

	private ConfigurableApplicationContext start(String name, ScriptedFailures failures) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderServiceApplication.class)
			.initializers((ctx) -> ((GenericApplicationContext) ctx).registerBean(RelayFailureInjector.class,
					() -> failures))
			.properties(kafka.springProperties())
			.run("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(), "--ticketing.order.relay.topic=" + topic,
					"--ticketing.order.relay.progress-topic=" + progressTopic,
					"--ticketing.order.relay.transactional-id=" + transactionalId,
					"--ticketing.order.relay.instance-id=" + name, "--ticketing.order.relay.lease-duration=2s",
					"--ticketing.order.relay.poll-interval=200ms", "--ticketing.order.relay.retry-backoff=200ms",
					"--spring.main.banner-mode=off",
					"--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation());
		instances.add(context);
		return context;
	}

	private JdbcClient jdbc() {
		return JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(),
				database.username(), database.password()));
	}

}
