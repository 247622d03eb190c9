package ticketing.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;

/**
 * Writes N valid TicketOrderPlaced events straight into ticket-order, in Kafka transactions of 10,000, as fast as the
 * brokers take them: far faster than the consumers read, so their rate on this backlog is their own limit and not the
 * relay's. Order ids start at 1,000,000,000 (never an id of the database); {@value #USERS} users from
 * {@value #FIRST_USER} in turn (ids no other phase uses), each event one microsecond later than the previous, so that
 * every event is a new latest purchase of its user.
 */
final class TopicBacklog {

	static final long FIRST_ORDER_ID = 1_000_000_000L;

	static final int FIRST_USER = 3_000_000;

	static final int USERS = 20_000;

	private TopicBacklog() {
	}

	/** The i-th event of a backlog that starts at {@code start}. */
	static TicketOrderPlaced event(Instant start, int i) {
		return new TicketOrderPlaced(Long.toString(FIRST_ORDER_ID + i), Integer.toString(FIRST_USER + i % USERS),
				"bench", Integer.toString(1 + i % 6), "Benchmark Live", "live", start.plusNanos(i * 1000L));
	}

	/** Writes the events and returns the offset of the last one in each partition. */
	static Map<Integer, Long> write(Properties client, String topic, int events) {
		return write(client, topic, 0, events);
	}

	/**
	 * Writes the events from the {@code first}-th on (other order ids than a backlog from 0, the same users) and returns
	 * the offset of the last one in each partition.
	 */
	static Map<Integer, Long> write(Properties client, String topic, int first, int events) {
		Properties props = new Properties();
		props.putAll(client);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "benchmark-backlog");
		props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
		props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
		Instant start = Instant.now();
		Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.initTransactions();
			producer.beginTransaction();
			for (int i = 0; i < events; i++) {
				TicketOrderPlaced event = event(start, first + i);
				producer.send(new ProducerRecord<>(topic, null, event.createdAt().toEpochMilli(), event.userId(),
						TicketOrderJson.writeString(event).getBytes(StandardCharsets.UTF_8),
						EventHeaders.forTicketOrderPlaced(UUID.randomUUID().toString(),
								"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
						(metadata, failure) -> {
							if (metadata != null) {
								lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
							}
						});
				if ((i + 1) % 10_000 == 0) {
					producer.commitTransaction();
					producer.beginTransaction();
				}
			}
			producer.commitTransaction();
		}
		return Map.copyOf(lastOffsets);
	}

}
