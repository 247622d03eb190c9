package ticketing.testsupport;

import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the consumers' read_committed buys: records of an aborted transaction are in the log, yet only a
 * read_uncommitted consumer sees them; committed records are seen exactly once.
 */
@RealInfrastructure
class KafkaTransactionsIT {

	@Test
	void shouldHideAbortedRecordsFromReadCommittedConsumersOnly(KafkaTestCluster kafka) {
		String topic = kafka.createTopic("transactions");
		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			producer.initTransactions();
			inTransaction(producer, topic, true, "committed-1", "committed-2");
			inTransaction(producer, topic, false, "aborted-1", "aborted-2");
			inTransaction(producer, topic, true, "committed-3");
		}

		assertThat(read(kafka, topic, IsolationLevel.READ_COMMITTED))
			.containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
		assertThat(read(kafka, topic, IsolationLevel.READ_UNCOMMITTED))
			.containsExactlyInAnyOrder("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
	}

	private static void inTransaction(KafkaProducer<String, String> producer, String topic, boolean commit,
			String... values) {
		producer.beginTransaction();
		for (String value : values) {
			// Keys spread the records over the partitions: the transaction spans all of them.
			producer.send(new ProducerRecord<>(topic, value, value));
		}
		if (commit) {
			producer.commitTransaction();
		}
		else {
			producer.flush();
			producer.abortTransaction();
		}
	}

	private static List<String> read(KafkaTestCluster kafka, String topic, IsolationLevel isolation) {
		Properties props = kafka.consumerProperties("reader-" + UUID.randomUUID(), isolation);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			return TopicReader.readToEnd(consumer, topic).stream().map(ConsumerRecord::value).toList();
		}
	}

}
