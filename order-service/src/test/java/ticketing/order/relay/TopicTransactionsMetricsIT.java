package ticketing.order.relay;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transaction left open on the order topic, as a stuck producer leaves one: order-service reports it among the
 * transactions open too long, and the records it holds back from read_committed readers on its partition, until it
 * ends.
 */
@RealInfrastructure
@DirtiesContext
@SpringBootTest(properties = { "ticketing.order.relay.enabled=false", "ticketing.sample-data.enabled=false",
		"ticketing.order.transaction-health.check-interval=1s",
		"ticketing.order.transaction-health.open-longer-than=2s" })
class TopicTransactionsMetricsIT {

	private static String topic = "";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
		topic = RelayTestProperties.register(registry);
	}

	@Autowired
	MeterRegistry meters;

	final KafkaTestCluster kafka = TestInfrastructure.kafka();

	@Test
	void shouldReportATransactionLeftOpenAndTheRecordsItHoldsBackUntilItEnds() {
		// Given nothing written to partition 1 yet (once checked: the meters per partition come with the first check)
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(unstable(1)).isZero());

		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stuck-" + UUID.randomUUID());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			// When a producer writes three records to partition 1 in a transaction and does not end it
			producer.initTransactions();
			producer.beginTransaction();
			for (int i = 0; i < 3; i++) {
				producer.send(new ProducerRecord<>(topic, 1, "user-" + i, "{}"));
			}
			producer.flush();

			// Then the three are reported as held back from read_committed readers, and, once it has been open
			// longer than 2 s, the transaction as open too long
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				assertThat(unstable(1)).isEqualTo(3);
				assertThat(meters.get(TopicTransactionsMetrics.OPEN_TOO_LONG).gauge().value())
					.isGreaterThanOrEqualTo(1);
			});
			assertThat(unstable(0)).isZero();

			// And once it is aborted, nothing is held back any more
			producer.abortTransaction();
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(unstable(1)).isZero());
		}
	}

	private double unstable(int partition) {
		return meters.get(TopicTransactionsMetrics.UNSTABLE)
			.tags("topic", topic, "partition", Integer.toString(partition))
			.gauge()
			.value();
	}

}
