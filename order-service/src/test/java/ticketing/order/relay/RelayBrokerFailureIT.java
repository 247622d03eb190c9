package ticketing.order.relay;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import ticketing.order.Http;
import ticketing.order.TestProperties;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader of a partition the relay is writing to is stopped while orders stream in: the idempotent producer
 * retries against the new leader, and every order still ends up in the topic exactly once, in order per user.
 */
@RealInfrastructure
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ticketing.order.relay.poll-interval=200ms", "ticketing.order.relay.batch-size=10",
				"ticketing.order.relay.retry-backoff=200ms" })
class RelayBrokerFailureIT {

	private static final int ORDERS = 120;

	private static String topic = "";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
		topic = RelayTestProperties.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Outbox outbox;

	final KafkaTestCluster kafka = TestInfrastructure.kafka();

	@Test
	void shouldPublishExactlyOnceWhenThePartitionLeaderStops() throws Exception {
		// Given the sample orders published, and the leader of user 100's partition
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox.countUnpublished() == 0);
		int partition = PublishedEvents.readCommitted(kafka, topic)
			.stream()
			.filter((record) -> record.key().equals("100"))
			.map(ConsumerRecord::partition)
			.findFirst()
			.orElseThrow();
		int leader = kafka.leaderOf(topic, partition);
		long ordersBefore = jdbc.sql("SELECT count(*) FROM ticket_orders").query(Long.class).single();

		// When orders stream in and the leader is stopped half way
		Http http = new Http(port);
		CompletableFuture<Void> placing = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < ORDERS; i++) {
				assertThat(http.postJson("/orders", "{\"userId\": " + (100 + i % 5) + ", \"contentId\": 1}")
					.statusCode()).isEqualTo(201);
			}
		});
		try {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> jdbc.sql("SELECT count(*) FROM ticket_orders").query(Long.class).single()
						>= ordersBefore + ORDERS / 3);
			kafka.stopBroker(leader);
			placing.get(90, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(90)).until(() -> outbox.countUnpublished() == 0);
			assertThat(kafka.leaderOf(topic, partition)).isNotEqualTo(leader);
		}
		finally {
			kafka.startBroker(leader);
		}

		// Then
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);
		kafka.awaitFullyReplicated(topic);
	}

}
