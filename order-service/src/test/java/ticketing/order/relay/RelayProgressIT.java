package ticketing.order.relay;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search for the relay's last committed progress record, backwards from the end of the topic: offsets are not
 * records (every transaction leaves a marker, an aborted one records a read_committed consumer skips, another relay's
 * key records of its own), so the search goes back window by window until it finds a committed record of its key.
 */
@RealInfrastructure
class RelayProgressIT {

	/** The database the records name: the search does not look at it. */
	private static final UUID DATABASE = UUID.randomUUID();

	private final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private final String topic = RelayTestProperties.progressTopic(kafka);

	private final String key = "order-relay-" + UUID.randomUUID();

	private final RelayProgress progress = new RelayProgress(topic, key, this::consumer, Duration.ofSeconds(30));

	@Test
	void shouldFindNothingInAnEmptyTopic() {
		assertThat(progress.lastCommitted(() -> {
		}).found()).isFalse();
	}

	@Test
	void shouldFindTheLastCommittedRecordBehindAbortedTransactionsAndOtherKeys() {
		// Given committed batches of the relay, then 100 aborted ones (a record and a marker each), then 100 records
		// of another relay's key in its own committed transactions
		List<UUID> earlier = List.of(UUID.randomUUID());
		List<UUID> last = List.of(UUID.randomUUID(), UUID.randomUUID());
		try (KafkaProducer<String, byte[]> relay = producer(key)) {
			relay.initTransactions();
			commit(relay, progress.record(earlier, DATABASE, 1));
			commit(relay, progress.record(last, DATABASE, 2));
			for (int i = 0; i < 100; i++) {
				relay.beginTransaction();
				relay.send(progress.record(List.of(UUID.randomUUID()), DATABASE, 3));
				relay.flush();
				relay.abortTransaction();
			}
		}
		String otherKey = "order-relay-" + UUID.randomUUID();
		RelayProgress other = new RelayProgress(topic, otherKey, this::consumer, Duration.ofSeconds(30));
		try (KafkaProducer<String, byte[]> otherRelay = producer(otherKey)) {
			otherRelay.initTransactions();
			for (int i = 0; i < 100; i++) {
				commit(otherRelay, other.record(List.of(UUID.randomUUID()), DATABASE, 1));
			}
		}

		// When a new relay searches for its last record
		LastProgress found = progress.lastCommitted(() -> {
		});

		// Then it is the last committed one, found three windows back (64, 128, then the rest of the 404 offsets)
		assertThat(found.eventIds()).isEqualTo(last);
		assertThat(found.offset()).isEqualTo(2);
		assertThat(found.offsetsRead()).isEqualTo(404);
	}

	@Test
	void shouldReadOneWindowWhenTheLastRecordIsNearTheEnd() {
		try (KafkaProducer<String, byte[]> relay = producer(key)) {
			relay.initTransactions();
			for (int i = 0; i < 200; i++) {
				commit(relay, progress.record(List.of(UUID.randomUUID()), DATABASE, 3));
			}
			List<UUID> last = List.of(UUID.randomUUID());
			commit(relay, progress.record(last, DATABASE, 2));

			LastProgress found = progress.lastCommitted(() -> {
			});

			assertThat(found.eventIds()).isEqualTo(last);
			assertThat(found.offsetsRead()).isEqualTo(64);
		}
	}

	private static void commit(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
		producer.beginTransaction();
		producer.send(record);
		producer.commitTransaction();
	}

	private KafkaProducer<String, byte[]> producer(String transactionalId) {
		Properties settings = kafka.producerProperties();
		settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(settings);
	}

	private KafkaConsumer<String, byte[]> consumer() {
		Properties settings = kafka.consumerProperties("unused-" + UUID.randomUUID(), IsolationLevel.READ_COMMITTED);
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return new KafkaConsumer<>(settings);
	}

}
