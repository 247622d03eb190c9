package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay's progress in Kafka, the analogue of Kafka Connect's exactly-once source offsets (KIP-618): each Kafka
 * transaction carries, besides the events, one record on the compacted progress topic naming the events it
 * published. A new relay, after initTransactions (which completes or aborts whatever its predecessor left open), reads
 * the last record of its key with read_committed: the events named there are in the event topic, whatever PostgreSQL
 * says, and they are the only ones PostgreSQL may not know of (every earlier batch was stamped before the next
 * committed).
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
	 * @param readTimeout how long finding the last record may take
	 */
	RelayProgress(String topic, String key, Supplier<Consumer<String, byte[]>> consumers, Duration readTimeout) {
		this.topic = topic;
		this.key = key;
		this.consumers = consumers;
		this.readTimeout = readTimeout;
	}

	/**
	 * The progress record of a batch, to be sent in the batch's transaction.
	 * @param eventIds   the events of the batch
	 * @param databaseId the database they were published from
	 * @param batch      the batch's number, one more than the previous batch of that database
	 */
	ProducerRecord<String, byte[]> record(List<UUID> eventIds, UUID databaseId, long batch) {
		Map<String, Object> value = Map.of("event_ids", eventIds.stream().map(UUID::toString).toList(),
				"database_id", databaseId.toString(), "batch", batch, "published_at", Instant.now().toString());
		return new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(value));
	}

	/**
	 * The relay's last committed progress record: searched backwards from the read_committed end of the topic (the
	 * last stable offset) in windows that double, so that recovery reads a few offsets however long the topic is.
	 * Offsets are not records: every transaction also leaves a marker, and aborted transactions leave records a
	 * read_committed consumer does not see; a window without a record of the key sends the search further back.
	 * <p>
	 * Call it after initTransactions: then no transaction of the relay's transactional.id is open or being completed,
	 * and the end offset covers the last one that committed.
	 * @param whileReading called between windows (the relay renews its lease there)
	 */
	LastProgress lastCommitted(Runnable whileReading) {
		long deadline = System.nanoTime() + readTimeout.toNanos();
		try (Consumer<String, byte[]> consumer = consumers.get()) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, readTimeout)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			// Assigned before the offsets are asked for: the consumer keeps the last stable offsets it is given
			// only for assigned partitions, and warns about the others
			consumer.assign(partitions);
			Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, readTimeout);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, readTimeout);
			// The key's records are in one partition (the topic has one). Were partitions ever added, the newest of
			// the partitions' last records is taken: the relay's last one.
			ConsumerRecord<String, byte[]> last = null;
			long offsetsRead = 0;
			for (TopicPartition partition : partitions) {
				Search search = new Search(consumer, partition, starts.get(partition), ends.get(partition), deadline);
				ConsumerRecord<String, byte[]> found = search.last(whileReading);
				offsetsRead += search.offsetsRead;
				if (found != null && (last == null || found.timestamp() >= last.timestamp())) {
					last = found;
				}
			}
			return (last == null) ? LastProgress.none(offsetsRead) : parse(last.value(), last.offset(), offsetsRead);
		}
	}

	/** The backwards search of one partition. */
	private final class Search {

		/** Offsets of the first window: a few dozen transactions, each a progress record and a marker. */
		private static final long FIRST_WINDOW = 64;

		private final Consumer<String, byte[]> consumer;

		private final TopicPartition partition;

		private final long start;

		private final long end;

		private final long deadline;

		private long offsetsRead;

		Search(Consumer<String, byte[]> consumer, TopicPartition partition, long start, long end, long deadline) {
			this.consumer = consumer;
			this.partition = partition;
			this.start = start;
			this.end = end;
			this.deadline = deadline;
		}

		@Nullable ConsumerRecord<String, byte[]> last(Runnable whileReading) {
			consumer.assign(List.of(partition));
			long to = end;
			long window = FIRST_WINDOW;
			while (to > start) {
				long from = Math.max(start, to - window);
				ConsumerRecord<String, byte[]> last = lastIn(from, to);
				offsetsRead += to - from;
				if (last != null) {
					return last;
				}
				whileReading.run();
				to = from;
				window *= 2;
			}
			return null;
		}

		/** The last record of the key at an offset in [from, to). */
		private @Nullable ConsumerRecord<String, byte[]> lastIn(long from, long to) {
			consumer.seek(partition, from);
			ConsumerRecord<String, byte[]> last = null;
			while (consumer.position(partition) < to) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not find the last progress record of " + key + " in "
							+ partition + " within " + readTimeout + " (searched back from offset " + end + " to "
							+ from + ")");
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() < to && key.equals(record.key()) && record.value() != null) {
						last = record;
					}
				}
			}
			return last;
		}

	}

	/** A progress record's value; one written before records named their database has neither field. */
	static LastProgress parse(byte[] value, long offset, long offsetsRead) {
		JsonNode record = JSON.readTree(new String(value, StandardCharsets.UTF_8));
		List<UUID> eventIds = new ArrayList<>();
		record.path("event_ids").forEach((id) -> eventIds.add(UUID.fromString(id.asString())));
		JsonNode databaseId = record.path("database_id");
		UUID database = databaseId.isString() ? UUID.fromString(databaseId.asString()) : null;
		long batch = record.path("batch").isIntegralNumber() ? record.path("batch").asLong() : -1;
		return new LastProgress(List.copyOf(eventIds), database, batch, offset, offsetsRead);
	}

}
