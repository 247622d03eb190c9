package ticketing.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;

/** Writes ticket orders, and anything else, to a topic the way a test needs: partition, headers and all. */
final class Orders implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final String topic;

	Orders(KafkaTestCluster kafka, String topic) {
		Properties props = kafka.producerProperties();
		props.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
		this.producer = new KafkaProducer<>(props);
		this.topic = topic;
	}

	static TicketOrderPlaced order(String orderId, String userId, String contentId, Instant createdAt) {
		return new TicketOrderPlaced(orderId, userId, "nick-" + userId, contentId, "Title " + contentId, "live",
				createdAt);
	}

	static Headers headers() {
		return EventHeaders.forTicketOrderPlaced(UUID.randomUUID().toString(),
				"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
	}

	/**
	 * Sends an order, keyed by its user id, with the headers order-service writes, stamped like the relay stamps it:
	 * with the time it was placed; returns its metadata.
	 */
	RecordMetadata send(TicketOrderPlaced order) {
		return send(null, order, headers());
	}

	/** Sends an order to a given partition (any partition when null). */
	RecordMetadata send(Integer partition, TicketOrderPlaced order, Headers headers) {
		Long timestamp = (order.createdAt() != null) ? order.createdAt().toEpochMilli() : null;
		return send(partition, timestamp, order.userId(), TicketOrderJson.write(order), headers);
	}

	RecordMetadata send(Integer partition, String key, String value, Headers headers) {
		return send(partition, key, value.getBytes(StandardCharsets.UTF_8), headers);
	}

	RecordMetadata send(Integer partition, String key, byte[] value, Headers headers) {
		return send(partition, RecordTimes.now().toEpochMilli(), key, value, headers);
	}

	private RecordMetadata send(Integer partition, Long timestamp, String key, byte[] value, Headers headers) {
		try {
			return producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value, headers)).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	static Headers noHeaders() {
		return new RecordHeaders();
	}

	@Override
	public void close() {
		producer.close();
	}

}
