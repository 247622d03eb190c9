package ticketing.analytics.operator;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator view shows of a topic, read from a real cluster: the newest committed records, newest first,
 * never a record of an aborted or still open transaction, across the partitions and topics asked for, without
 * joining a group.
 */
@RealInfrastructure
class NewestRecordsIT {

	private static final KafkaTestCluster KAFKA = TestInfrastructure.kafka();

	private final NewestRecords newest = new NewestRecords(KAFKA.clientConfigs(), Duration.ofSeconds(20));

	@Test
	void shouldShowTheNewestCommittedRecordsNewestFirstAndNoneOfAnAbortedOrOpenTransaction() {
		String topic = KAFKA.createTopic("operator-view");
		try (KafkaProducer<String, String> producer = transactionalProducer();
				KafkaProducer<String, String> open = transactionalProducer()) {
			// Given 30 committed records over three partitions, 10 of an aborted transaction, and 5 of one still open
			send(producer, topic, "committed-", 0, 30, true);
			send(producer, topic, "aborted-", 0, 10, false);
			open.beginTransaction();
			for (int i = 0; i < 5; i++) {
				open.send(new ProducerRecord<>(topic, "user-" + i, "open-" + i));
			}
			open.flush();

			// When the newest 12 are read
			List<ConsumerRecord<String, byte[]>> records = this.newest.read(List.of(topic), 12);

			// Then they are the last 12 committed, newest first; nothing of the other two transactions
			assertThat(records).extracting((record) -> new String(record.value()))
				.hasSize(12)
				.allMatch((value) -> value.startsWith("committed-"));
			assertThat(records).extracting(ConsumerRecord::timestamp).isSortedAccordingTo((a, b) -> Long.compare(b, a));
			assertThat(records).extracting((record) -> new String(record.value()))
				.containsExactlyInAnyOrderElementsOf(
						IntStream.range(18, 30).mapToObj((i) -> "committed-" + i).toList());
			open.abortTransaction();
		}
	}

	@Test
	void shouldReadSeveralTopicsAsOneListAndAnEmptyTopicAsNone() {
		String first = KAFKA.createTopic("operator-view-dlt");
		String second = KAFKA.createTopic("operator-view-streams-dlt");
		String empty = KAFKA.createTopic("operator-view-empty");
		try (KafkaProducer<String, String> producer = transactionalProducer()) {
			send(producer, first, "lake-", 0, 2, true);
			send(producer, second, "streams-", 2, 2, true);
		}

		assertThat(this.newest.read(List.of(first, second), 10)).extracting((record) -> new String(record.value()))
			.containsExactly("streams-3", "streams-2", "lake-1", "lake-0");
		assertThat(this.newest.read(List.of(empty), 10)).isEmpty();
	}

	/** Sends values prefix+from .. prefix+(from+count-1), each a millisecond apart, in one transaction. */
	private static void send(KafkaProducer<String, String> producer, String topic, String prefix, int from, int count,
			boolean commit) {
		producer.beginTransaction();
		long start = RecordTimes.ago(Duration.ofMinutes(1)).toEpochMilli();
		for (int i = from; i < from + count; i++) {
			producer.send(new ProducerRecord<>(topic, null, start + i, "user-" + i, prefix + i));
		}
		if (commit) {
			producer.commitTransaction();
		}
		else {
			producer.flush();
			producer.abortTransaction();
		}
	}

	private static KafkaProducer<String, String> transactionalProducer() {
		Map<String, Object> configs = new HashMap<>(KAFKA.clientConfigs());
		configs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "operator-view-it-" + UUID.randomUUID());
		KafkaProducer<String, String> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new StringSerializer());
		producer.initTransactions();
		return producer;
	}

}
