package ticketing.analytics.lake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;

/**
 * Writes ticket orders the way order-service does, in Kafka transactions, with an event id header each; and
 * transactions that are aborted, and values that are not orders.
 */
final class LakeOrders implements AutoCloseable {

	private static final AtomicInteger ORDER_IDS = new AtomicInteger();

	private final KafkaProducer<String, byte[]> producer;

	private final String topic;

	LakeOrders(KafkaTestCluster kafka, String topic) {
		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lake-test-" + UUID.randomUUID());
		this.producer = new KafkaProducer<>(props);
		this.producer.initTransactions();
		this.topic = topic;
	}

	/** Sends {@code count} orders of different users in one committed transaction; returns their event ids. */
	synchronized List<String> sendCommitted(int count) {
		return send(count, true);
	}

	/** Sends one order per time, placed at that time, in one committed transaction; returns their event ids. */
	synchronized List<String> sendCommittedPlacedAt(List<Instant> placedAt) {
		return send(placedAt, true);
	}

	/** Sends {@code count} orders in a transaction that is then aborted; returns their event ids. */
	synchronized List<String> sendAborted(int count) {
		return send(count, false);
	}

	/** Sends a value as it is (null: a tombstone), with the given headers, in a committed transaction. */
	synchronized void sendRaw(String key, @Nullable String value, Headers headers) {
		this.producer.beginTransaction();
		this.producer.send(new ProducerRecord<>(this.topic, null, key,
				(value == null) ? null : value.getBytes(StandardCharsets.UTF_8), headers));
		this.producer.commitTransaction();
	}

	private List<String> send(int count, boolean commit) {
		List<Instant> now = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			now.add(RecordTimes.now());
		}
		return send(now, commit);
	}

	private List<String> send(List<Instant> placedAt, boolean commit) {
		List<String> eventIds = new ArrayList<>();
		this.producer.beginTransaction();
		for (Instant createdAt : placedAt) {
			int id = ORDER_IDS.incrementAndGet();
			String eventId = UUID.randomUUID().toString();
			TicketOrderPlaced order = new TicketOrderPlaced("order-" + id, "user-" + id, "nick-" + id, "content-1",
					"Title", "live", createdAt);
			// Stamped with the order's time, as the relay stamps it
			this.producer.send(new ProducerRecord<>(this.topic, null, createdAt.toEpochMilli(), order.userId(),
					TicketOrderJson.write(order), headers(eventId)));
			eventIds.add(eventId);
		}
		if (commit) {
			this.producer.commitTransaction();
		}
		else {
			this.producer.flush();
			this.producer.abortTransaction();
		}
		return eventIds;
	}

	static Headers headers(String eventId) {
		return EventHeaders.forTicketOrderPlaced(eventId, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
