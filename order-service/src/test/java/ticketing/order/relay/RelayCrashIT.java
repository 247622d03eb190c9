package ticketing.order.relay;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import ticketing.order.Http;
import ticketing.order.TestProperties;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The relay killed at each step of a round, and again while it recovers: whatever the step, every committed order
 * ends up in the topic exactly once and in order per user. The crash after the Kafka commit and before PostgreSQL
 * learns of it is the one a plain outbox relay turns into duplicates; here the new incarnation finds the batch in the
 * progress topic and does not publish it again.
 */
@RealInfrastructure
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ticketing.order.relay.poll-interval=200ms", "ticketing.order.relay.retry-backoff=100ms",
				"ticketing.order.relay.batch-size=3" })
class RelayCrashIT {

	private static String topic = "";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
		topic = RelayTestProperties.register(registry);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Failures {

		@Bean
		ScriptedFailures scriptedFailures() {
			return new ScriptedFailures();
		}

	}

	@Autowired
	ScriptedFailures failures;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RelayProperties relay;

	@LocalServerPort
	int port;

	static Stream<Arguments> crashes() {
		return Stream.of(arguments(List.of(RelayStep.BATCH_READ)), arguments(List.of(RelayStep.EVENTS_SENT)),
				arguments(List.of(RelayStep.KAFKA_COMMITTED)), arguments(List.of(RelayStep.POSTGRES_MARKED)),
				arguments(List.of(RelayStep.EVENTS_SENT, RelayStep.ACTIVATED)),
				arguments(List.of(RelayStep.KAFKA_COMMITTED, RelayStep.ACTIVATED)),
				arguments(List.of(RelayStep.KAFKA_COMMITTED, RelayStep.KAFKA_COMMITTED, RelayStep.EVENTS_SENT)));
	}

	@ParameterizedTest(name = "crash at {0}")
	@MethodSource("crashes")
	void shouldPublishEveryOrderExactlyOnceWhenTheRelayIsKilled(List<RelayStep> steps) {
		// Given the relay idle with everything published
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox.countUnpublished() == 0);
		double recoveredBefore = meters.counter("ticketing.relay.recovered").count();
		failures.crashAt(steps.toArray(RelayStep[]::new));

		// When orders arrive and the relay crashes at the steps
		Http http = new Http(port);
		for (int i = 0; i < 7; i++) {
			long user = 100 + (i % 5);
			assertThat(http.postJson("/orders", "{\"userId\": " + user + ", \"contentId\": " + (1 + i % 6) + "}")
				.statusCode()).isEqualTo(201);
		}

		// Then every crash happened, the relay recovered, and each order is in the topic exactly once
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(failures.crashed()).isEqualTo(steps));
		await().atMost(Duration.ofSeconds(60)).until(() -> outbox.countUnpublished() == 0);
		PublishedEvents.assertExactlyOnceInOrder(TestInfrastructure.kafka(), topic, jdbc);
		if (steps.contains(RelayStep.KAFKA_COMMITTED)) {
			// The batch committed to Kafka was found in the progress topic, not published a second time
			assertThat(meters.counter("ticketing.relay.recovered").count()).isGreaterThan(recoveredBefore);
		}
	}

	static Stream<Arguments> crashesInABacklog() {
		return Stream.of(arguments(List.of(RelayStep.KAFKA_COMMITTED)), arguments(List.of(RelayStep.POSTGRES_MARKED)),
				arguments(List.of(RelayStep.EVENTS_SENT)), arguments(List.of(RelayStep.BATCH_READ)),
				arguments(List.of(RelayStep.POSTGRES_MARKED, RelayStep.KAFKA_COMMITTED)));
	}

	/**
	 * A backlog is drained in overlapping batches: batch n+1 is read and sent while n commits and is stamped on the
	 * relay's second thread. Killed there (with a read of the next batch or a stamp still running), the relay still
	 * publishes every order exactly once.
	 */
	@ParameterizedTest(name = "crash at {0}")
	@MethodSource("crashesInABacklog")
	void shouldPublishABacklogExactlyOnceWhenTheRelayIsKilledBetweenOverlappingBatches(List<RelayStep> steps) {
		// Given a backlog of 12 orders (4 full batches) that piled up while another instance held the lease
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox.countUnpublished() == 0);
		jdbc.sql("UPDATE relay_lease SET owner = 'another instance', expires_at = now() + interval '1 hour' "
				+ "WHERE name = ?").param(relay.transactionalId()).update();
		await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("ticketing.relay.active").gauge().value() == 0);
		Http http = new Http(port);
		for (int i = 0; i < 12; i++) {
			long user = 100 + (i % 5);
			assertThat(http.postJson("/orders", "{\"userId\": " + user + ", \"contentId\": " + (1 + i % 6) + "}")
				.statusCode()).isEqualTo(201);
		}
		double recoveredBefore = meters.counter("ticketing.relay.recovered").count();
		failures.crashAt(steps.toArray(RelayStep[]::new));

		// When the lease is free again and the relay, draining the backlog, crashes at the steps
		jdbc.sql("DELETE FROM relay_lease WHERE name = ?").param(relay.transactionalId()).update();

		// Then each order is in the topic exactly once
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(failures.crashed()).isEqualTo(steps));
		await().atMost(Duration.ofSeconds(60)).until(() -> outbox.countUnpublished() == 0);
		PublishedEvents.assertExactlyOnceInOrder(TestInfrastructure.kafka(), topic, jdbc);
		if (steps.contains(RelayStep.KAFKA_COMMITTED)) {
			assertThat(meters.counter("ticketing.relay.recovered").count()).isGreaterThan(recoveredBefore);
		}
	}

}
