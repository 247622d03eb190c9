package ticketing.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code read_committed} consumer of ticket-order (no group: it is assigned every partition from the end) that
 * notes when each order's event became visible, by the event's order_id. Runs on its own thread until closed.
 */
final class OrderEvents implements AutoCloseable {

	private final Map<Long, Long> visibleAtNanos = new ConcurrentHashMap<>();

	private final AtomicLong count = new AtomicLong();

	/** Partition -> offset of the last record read from it. */
	private final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();

	private final AtomicLong recordBytes = new AtomicLong();

	private volatile boolean running = true;

	private final Thread thread;

	private volatile boolean ready;

	/** Asked: stop reading (another phase's backlog is not this watcher's business, and would take a core). */
	private volatile boolean ignoring;

	/** Done: the thread has applied the last request (paused; or sought to the end and resumed). */
	private volatile boolean ignored;

	OrderEvents(Properties client, String topic) {
		Properties props = new Properties();
		props.putAll(client);
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
		KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(topic)
			.stream()
			.map(p -> new TopicPartition(topic, p.partition()))
			.collect(Collectors.toList());
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		this.thread = new Thread(() -> {
			ready = true;
			try (consumer) {
				while (running) {
					if (ignoring != ignored) {
						if (ignoring) {
							consumer.pause(partitions);
						}
						else {
							consumer.seekToEnd(partitions);
							partitions.forEach(consumer::position);
							consumer.resume(partitions);
						}
						ignored = ignoring;
					}
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
						long now = System.nanoTime();
						String value = new String(record.value(), StandardCharsets.UTF_8);
						long orderId = Long.parseLong(Fields.first(value, "order_id").isEmpty() ? "-1"
								: Fields.first(value, "order_id"));
						visibleAtNanos.putIfAbsent(orderId, now);
						lastOffsets.merge(record.partition(), record.offset(), Math::max);
						int bytes = record.value().length + ((record.key() != null) ? record.key().length : 0);
						for (Header header : record.headers()) {
							bytes += header.key().length() + ((header.value() != null) ? header.value().length : 0);
						}
						recordBytes.addAndGet(bytes);
						count.incrementAndGet();
					}
				}
			}
		}, "order-events");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Stops reading until {@link #watchFromNow()}: what is written meanwhile is never seen. */
	void ignore() throws InterruptedException {
		ignoring = true;
		while (!ignored) {
			Thread.sleep(10);
		}
	}

	/** Reads again, from the end of every partition as it is now; returns once it does. */
	void watchFromNow() throws InterruptedException {
		ignoring = false;
		while (ignored) {
			Thread.sleep(10);
		}
	}

	boolean ready() {
		return ready;
	}

	/** When the order's event was first seen, as System.nanoTime(), or null. */
	/** Partition -> offset of the last record read from it so far. */
	Map<Integer, Long> lastOffsets() {
		return Map.copyOf(lastOffsets);
	}

	Long visibleAt(long orderId) {
		return visibleAtNanos.get(orderId);
	}

	long count() {
		return count.get();
	}

	/** The mean size of the events seen so far, in bytes: key, value, and the headers' names and values. */
	int meanRecordBytes() {
		long n = count.get();
		return n == 0 ? 0 : (int) (recordBytes.get() / n);
	}

	@Override
	public void close() throws InterruptedException {
		running = false;
		thread.join(5000);
	}

}
