package ticketing.analytics.operator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The newest records of a topic, as a {@code read_committed} consumer sees them: what an operator looks at. Each call
 * uses a consumer of its own, in no group (it assigns itself every partition, commits nothing and joins nothing,
 * so it never moves a service's offsets or triggers a rebalance), reads from a little before the end of each
 * partition up to its last stable offset, and closes. A consumer per call, as Kafka UIs browse a topic: it costs a
 * connection and a sign-in per call and nothing at all between calls, so the services' own consumers never compete
 * with an operator view that nobody has open.
 */
class NewestRecords {

	private final Map<String, Object> consumerProperties;

	private final Duration timeout;

	/**
	 * @param consumerProperties where the brokers are and how to sign in (the service's own Kafka client settings)
	 * @param timeout            how long one call may take before it fails with a {@link TimeoutException}
	 */
	NewestRecords(Map<String, Object> consumerProperties, Duration timeout) {
		Map<String, Object> properties = new HashMap<>(consumerProperties);
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "operator-view");
		this.consumerProperties = Map.copyOf(properties);
		this.timeout = timeout;
	}

	/**
	 * The newest committed records of the topics, newest first (by timestamp, then offset), at most {@code limit}.
	 * @throws TimeoutException if Kafka does not answer within the timeout
	 */
	List<ConsumerRecord<String, byte[]>> read(Collection<String> topics, int limit) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(this.consumerProperties,
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				consumer.partitionsFor(topic, this.timeout)
					.stream()
					.map(PartitionInfo::partition)
					.forEach((partition) -> partitions.add(new TopicPartition(topic, partition)));
			}
			consumer.assign(partitions);
			// With read_committed, the end is each partition's last stable offset: nothing of an open transaction
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
			Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, this.timeout);
			// The newest `limit` of the topic are among the last `limit` offsets of each partition, or fewer: a
			// transaction's marker and an aborted record take an offset too, and are skipped (a view, not an export)
			partitions.forEach((partition) -> consumer.seek(partition,
					Math.max(beginnings.get(partition), ends.get(partition) - limit)));
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			while (!reachedEnd(consumer, ends)) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new TimeoutException("Reading the newest records of " + topics + " took longer than "
							+ this.timeout);
				}
				consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos())))
					.forEach((record) -> {
						if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
							records.add(record);
						}
					});
			}
			return records.stream()
				.sorted(Comparator.comparingLong(ConsumerRecord<String, byte[]>::timestamp)
					.thenComparingLong(ConsumerRecord::offset)
					.reversed())
				.limit(limit)
				.toList();
		}
	}

	private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

}
