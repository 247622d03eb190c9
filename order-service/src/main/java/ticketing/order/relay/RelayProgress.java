package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay's progress in Kafka, the analogue of Kafka Connect's exactly-once source offsets (KIP-618): each Kafka
 * transaction carries, besides the events, one record on the compacted progress topic naming the events it
 * published. A new relay, after initTransactions (which completes or aborts whatever its predecessor left open), reads
 * that topic to its end with read_committed: the events named there are in the event topic, whatever PostgreSQL says.
 * <p>
 * Events are named by their {@code event_id} (a random UUID per outbox row), not by the outbox row id: row ids start
 * again at 1 in a new or restored database, while Kafka, and this topic, outlive it. A progress record of an older
 * database then names events that no outbox row has, and is harmlessly ignored.
 */
class RelayProgress {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String topic;

	private final String key;

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final Duration readTimeout;

	/**
	 * @param topic       the compacted progress topic
	 * @param key         the record key: the relay's transactional.id, so that compaction keeps its last batch
	 * @param consumers   read_committed consumers without a group
	 * @param readTimeout how long reading to the end may take
	 */
	RelayProgress(String topic, String key, Supplier<Consumer<String, byte[]>> consumers, Duration readTimeout) {
		this.topic = topic;
		this.key = key;
		this.consumers = consumers;
		this.readTimeout = readTimeout;
	}

	/** The progress record of a batch, to be sent in the batch's transaction. */
	ProducerRecord<String, byte[]> record(List<UUID> eventIds) {
		Map<String, Object> value = Map.of("event_ids", eventIds.stream().map(UUID::toString).toList(),
				"published_at", Instant.now().toString());
		return new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(value));
	}

	/**
	 * The event ids that committed Kafka transactions of this relay published, as far as the topic still remembers
	 * them (at least the last batch: compaction keeps the last record of the key, and every earlier batch was stamped
	 * in PostgreSQL before the next one began).
	 */
	Set<UUID> committedEventIds() {
		Set<UUID> ids = new TreeSet<>();
		try (Consumer<String, byte[]> consumer = consumers.get()) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, readTimeout)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			// With read_committed the end is the last stable offset: only committed transactions count.
			Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, readTimeout));
			long deadline = System.nanoTime() + readTimeout.toNanos();
			while (!reached(consumer, end)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end within " + readTimeout);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key()) && record.value() != null) {
						ids.addAll(eventIds(record.value()));
					}
				}
			}
		}
		return ids;
	}

	private static boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((e) -> consumer.position(e.getKey()) >= e.getValue());
	}

	static List<UUID> eventIds(byte[] value) {
		JsonNode ids = JSON.readTree(new String(value, StandardCharsets.UTF_8)).path("event_ids");
		List<UUID> result = new ArrayList<>();
		ids.forEach((id) -> result.add(UUID.fromString(id.asString())));
		return result;
	}

}
