package ticketing.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What replication factor 3 with min.insync.replicas 2 buys: acks=all writes go on with one broker down, are refused
 * (not silently half-written) with two down, and nothing acknowledged is lost when the brokers come back.
 */
@RealInfrastructure
class KafkaReplicationIT {

	private final KafkaTestCluster kafka;

	private final List<Integer> stopped = new ArrayList<>();

	KafkaReplicationIT(KafkaTestCluster kafka) {
		this.kafka = kafka;
	}

	@AfterEach
	void restartStoppedBrokers() {
		stopped.forEach(kafka::startBroker);
	}

	@Test
	void shouldAcceptAcksAllWritesWithOneBrokerDownAndKeepThemWhenItReturns() throws Exception {
		String topic = kafka.createTopic("replication", 1, java.util.Map.of());
		int leader = kafka.leaderOf(topic, 0);
		List<String> acknowledged = new ArrayList<>();

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProperties())) {
			acknowledged.addAll(sendAll(producer, topic, "before", 10));

			stop(leader);
			assertThat(kafka.leaderOf(topic, 0)).as("a new leader among the running brokers")
				.isNotIn(leader, -1);
			acknowledged.addAll(sendAll(producer, topic, "one-down", 10));
		}
		restart(leader);
		kafka.awaitFullyReplicated(topic);

		assertThat(readAll(topic)).containsExactlyElementsOf(acknowledged);
	}

	@Test
	void shouldRefuseAcksAllWritesWithTwoBrokersDownAndLoseNothingAcknowledged() throws Exception {
		String topic = kafka.createTopic("min-isr", 1, java.util.Map.of());
		int survivor = kafka.leaderOf(topic, 0);
		List<String> acknowledged = new ArrayList<>();

		// No retries and no idempotence, so that the broker's refusal reaches the caller at once; an idempotent
		// producer retries the same refusal until delivery.timeout.ms and then fails with a TimeoutException.
		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
		props.put(ProducerConfig.RETRIES_CONFIG, 0);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			acknowledged.addAll(sendAll(producer, topic, "before", 10));

			kafka.brokerIds().stream().filter((id) -> id != survivor).forEach(this::stop);

			assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "two-down")).get(30, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(NotEnoughReplicasException.class);
		}
		new ArrayList<>(stopped).forEach(this::restart);
		kafka.awaitFullyReplicated(topic);

		assertThat(readAll(topic)).containsExactlyElementsOf(acknowledged);
	}

	private void stop(int brokerId) {
		kafka.stopBroker(brokerId);
		stopped.add(brokerId);
	}

	private void restart(int brokerId) {
		kafka.startBroker(brokerId);
		stopped.remove(Integer.valueOf(brokerId));
	}

	private static List<String> sendAll(KafkaProducer<String, String> producer, String topic, String label, int count)
			throws Exception {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String value = label + "-" + i;
			producer.send(new ProducerRecord<>(topic, "user-1", value)).get(30, TimeUnit.SECONDS);
			values.add(value);
		}
		return values;
	}

	private List<String> readAll(String topic) {
		Properties props = kafka.consumerProperties("reader-" + UUID.randomUUID(), IsolationLevel.READ_COMMITTED);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			return TopicReader.readToEnd(consumer, topic).stream().map(ConsumerRecord::value).toList();
		}
	}

}
