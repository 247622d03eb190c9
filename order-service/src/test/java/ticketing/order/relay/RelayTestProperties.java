package ticketing.order.relay;

import java.util.Map;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

/** Topics and a transactional.id of the test class's own: the test classes share one Kafka cluster. */
final class RelayTestProperties {

	private RelayTestProperties() {
	}

	/** Registers new topics and a new transactional.id; returns the event topic. */
	static String register(DynamicPropertyRegistry registry) {
		KafkaTestCluster kafka = TestInfrastructure.kafka();
		String topic = kafka.createTopic("ticket-order");
		String progressTopic = progressTopic(kafka);
		String transactionalId = "order-relay-" + UUID.randomUUID();
		registry.add("ticketing.order.relay.topic", () -> topic);
		registry.add("ticketing.order.relay.progress-topic", () -> progressTopic);
		registry.add("ticketing.order.relay.transactional-id", () -> transactionalId);
		return topic;
	}

	static String progressTopic(KafkaTestCluster kafka) {
		// Compacted, like the system's (the settings come with the name)
		return kafka.createTopic("order-relay-offsets", 1, Map.of());
	}

}
