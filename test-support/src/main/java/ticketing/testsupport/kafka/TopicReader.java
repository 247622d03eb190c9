package ticketing.testsupport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/** Reads a topic from its start to its current end: no waiting for a quiet period, so no record is missed or waited for. */
public final class TopicReader {

	private TopicReader() {
	}

	public static <K, V> List<ConsumerRecord<K, V>> readToEnd(KafkaConsumer<K, V> consumer, String topic) {
		List<TopicPartition> partitions = consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		// For a read_committed consumer the end is the last stable offset: records of open transactions are not there.
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
		List<ConsumerRecord<K, V>> records = new ArrayList<>();
		await("reading " + topic + " to offsets " + end).atMost(Duration.ofSeconds(30)).until(() -> {
			consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			return partitions.stream().allMatch((tp) -> consumer.position(tp) >= end.get(tp));
		});
		return records;
	}

}
