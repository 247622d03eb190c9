package ticketing.order.relay;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.order.OrderServiceApplication;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.InProcessKafkaCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders kept in the outbox through a long Kafka outage are published with their order time, a month ago; the topic
 * the service creates must keep them for its readers, however old their timestamps. On a cluster of its own whose
 * brokers run their retention check every half second (the default is every five minutes), beside a topic with
 * Kafka's default seven-day retention to show that the check ran.
 */
@RealInfrastructure
class RelayOldEventsIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static InProcessKafkaCluster kafka;

	@BeforeAll
	static void startCluster() {
		kafka = InProcessKafkaCluster.start(Map.of("log.retention.check.interval.ms", "500"));
	}

	@AfterAll
	static void stopCluster() {
		kafka.shutdown();
	}

	@Test
	void shouldKeepOrdersPublishedAMonthAfterTheyWerePlaced() throws Exception {
		// Given an order placed a month ago, kept in the outbox while Kafka was away
		PostgresTestDatabase database = TestInfrastructure.postgres().createDatabase();
		String topic = "ticket-order-" + UUID.randomUUID();
		Instant placed = RecordTimes.ago(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
		TicketOrderPlaced order = new TicketOrderPlaced("900001", "103", "leo", "4", "Hamlet", "stage", placed);
		try (ConfigurableApplicationContext service = start(database, topic)) {
			service.getBean(TransactionTemplate.class)
				.executeWithoutResult((tx) -> service.getBean(Outbox.class)
					.append(order, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", placed));

			// When the relay publishes it (in the topic the service created), stamped with its order time
			ConsumerRecord<String, String> published = await().atMost(PATIENCE)
				.until(() -> PublishedEvents.readCommitted(kafka, topic), (records) -> !records.isEmpty())
				.get(0);
			assertThat(published.timestamp()).isEqualTo(placed.toEpochMilli());

			// and the brokers have run their retention check since: a record as old, in a topic with Kafka's default
			// seven days, is deleted
			String sevenDays = kafka.createTopic("seven-days", 1,
					Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis())));
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProperties(),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>(sevenDays, 0, placed.toEpochMilli(), "103", "old")).get();
			}
			await().atMost(PATIENCE).until(() -> logStartOffset(new TopicPartition(sevenDays, 0)) > 0);

			// Then the order is still there for every reader, from the first offset of its partition
			TopicPartition partition = new TopicPartition(topic, published.partition());
			assertThat(logStartOffset(partition)).isZero();
			List<ConsumerRecord<String, String>> records = PublishedEvents.readCommitted(kafka, topic);
			assertThat(records).singleElement()
				.satisfies((record) -> assertThat(TicketOrderJson.read(record.value())).isEqualTo(order));
		}
	}

	private static ConfigurableApplicationContext start(PostgresTestDatabase database, String topic) {
		return new SpringApplicationBuilder(OrderServiceApplication.class).properties(kafka.springProperties())
			.run("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				// Topics the service creates itself, with the retention it declares
				"--ticketing.order.relay.topic=" + topic,
				"--ticketing.order.relay.progress-topic=order-relay-offsets-" + UUID.randomUUID(),
				"--ticketing.order.relay.transactional-id=order-relay-" + UUID.randomUUID(),
				"--ticketing.sample-data.enabled=false", "--spring.main.banner-mode=off");
	}

	private static long logStartOffset(TopicPartition partition) throws Exception {
		try (Admin admin = kafka.admin()) {
			return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition).get().offset();
		}
	}

}
