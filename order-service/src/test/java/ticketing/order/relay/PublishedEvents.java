package ticketing.order.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.springframework.jdbc.core.simple.JdbcClient;

import ticketing.contract.TicketOrderJson;
import ticketing.testsupport.TicketOrderSchema;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a read_committed consumer sees on the event topic, and the exactly-once assertions on it. */
final class PublishedEvents {

	private PublishedEvents() {
	}

	/** The topic from its start to its last stable offset, as a read_committed consumer sees it. */
	static List<ConsumerRecord<String, String>> readCommitted(KafkaTestCluster kafka, String topic) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				kafka.consumerProperties("reader-" + UUID.randomUUID(), IsolationLevel.READ_COMMITTED))) {
			return TopicReader.readToEnd(consumer, topic);
		}
	}

	static long orderId(ConsumerRecord<String, String> record) {
		return Long.parseLong(TicketOrderJson.read(record.value()).orderId());
	}

	/**
	 * Every committed order of the database is in the topic exactly once, nothing else is (so nothing of a rolled-back
	 * transaction), each user's orders are in the order they were placed, and every event is valid against the
	 * contract's JSON Schema.
	 */
	static void assertExactlyOnceInOrder(KafkaTestCluster kafka, String topic, JdbcClient jdbc) {
		await("every committed order published exactly once").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				List<Long> committed = jdbc.sql("SELECT id FROM ticket_orders ORDER BY id").query(Long.class).list();
				List<ConsumerRecord<String, String>> records = readCommitted(kafka, topic);
				List<Long> published = records.stream().map(PublishedEvents::orderId).sorted().toList();
				assertThat(published).as("order ids in the topic (read_committed)").isEqualTo(committed);
				assertPerUserOrder(records);
				// and every event the relay wrote keeps the contract
				assertThat(records).allSatisfy((record) -> assertThat(TicketOrderSchema.violations(record.value()))
					.as("JSON Schema violations of %s", record.value())
					.isEmpty());
			});
	}

	/** Within each key (user), order ids only grow: a user's orders keep their order. */
	static void assertPerUserOrder(List<ConsumerRecord<String, String>> records) {
		Map<String, List<Long>> byUser = new LinkedHashMap<>();
		records.forEach((record) -> byUser.computeIfAbsent(record.key(), (k) -> new ArrayList<>()).add(orderId(record)));
		byUser.forEach((user, ids) -> assertThat(ids).as("orders of user " + user).isSorted());
	}

}
