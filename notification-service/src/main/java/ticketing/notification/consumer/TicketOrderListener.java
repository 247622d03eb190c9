package ticketing.notification.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import ticketing.contract.EventHeaders;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;
import ticketing.consumer.RecordTracing;
import ticketing.notification.purchase.EventOrigin;
import ticketing.notification.purchase.LastPurchaseStore;
import ticketing.notification.purchase.LastPurchaseStore.Outcome;
import ticketing.notification.purchase.LastPurchaseStore.Purchase;
import ticketing.notification.purchase.ReadPositions;

/**
 * Applies each poll's committed ticket orders to their buyers' latest purchases, in one atomic script (one Redis round
 * trip per poll, not per record), then acknowledges the poll: its offsets are committed only after Redis has it. A
 * failure before the acknowledgement leaves the poll to be retried from its first record (see
 * {@link ConsumerConfiguration}); a redelivery is harmless because {@link LastPurchaseStore#applyAll} is idempotent. A
 * poison record splits the poll: what comes before it is applied, it goes to the dead-letter topic, what follows is
 * read again.
 * <p>
 * Where to read from is Redis's to say, not the committed offsets': each write records its offset as the partition's
 * {@link ReadPositions read position} in the same script, and a partition is read on from there when it is assigned.
 * When Redis loses its data it loses the positions too: the next write finds a position other than the one expected
 * (or, on an idle partition, the next idle check does), and the consumer reads its partitions again from what Redis
 * holds, the beginning after a loss. So Redis heals by itself, with no lost and no stale purchase. The committed
 * offsets follow (they are what monitoring shows as lag).
 */
@Component
class TicketOrderListener implements ConsumerSeekAware {

	/** The listener container's id, for the health indicator and for tests. */
	static final String ID = "ticket-order-to-redis";

	private static final Logger log = LoggerFactory.getLogger(TicketOrderListener.class);

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(TicketOrderListener.class);

	private final LastPurchaseStore store;

	private final ReadPositions readPositions;

	/** Each assigned partition's position as this instance last read or wrote it; absent while unknown. */
	private final Map<TopicPartition, OptionalLong> positions = new ConcurrentHashMap<>();

	/** The consumer thread that owns each assigned partition. */
	private final Map<TopicPartition, Thread> owners = new ConcurrentHashMap<>();

	/**
	 * Each consumer thread's own seek callback: its seeks are queued and done before the next poll, after the error
	 * handler has put back what the failed poll left (the callbacks given at assignment and when idle seek at once,
	 * which that would undo).
	 */
	private final Map<Thread, ConsumerSeekCallback> queuedSeeks = new ConcurrentHashMap<>();

	private final PurchaseMetrics metrics;

	private final RecordTracing tracing;

	TicketOrderListener(LastPurchaseStore store, ReadPositions readPositions, PurchaseMetrics metrics,
			RecordTracing tracing) {
		this.store = store;
		this.readPositions = readPositions;
		this.metrics = metrics;
		this.tracing = tracing;
	}

	// idIsGroup = false: the group is spring.kafka.consumer.group-id, not the container id.
	@KafkaListener(id = ID, idIsGroup = false, topics = "${notification.consumer.topic}", batch = "true")
	void onTicketOrders(List<ConsumerRecord<String, @Nullable TicketOrderPlaced>> records, Acknowledgment ack) {
		// A span per record, from here until Redis has it; records read again later get spans of their own then
		List<Span> spans = this.tracing.start(records);
		List<Purchase> purchases = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, @Nullable TicketOrderPlaced> record = records.get(i);
			TicketOrderPlaced order = record.value();
			if (order == null) {
				// A poison record: what comes before it is applied (and committed by the error handler), it goes to
				// the dead-letter topic, and what follows it is read again.
				apply(purchases, spans);
				Exception poison = poisonReason(record);
				RecordTracing.failed(spans.subList(i, i + 1), poison);
				spans.subList(i + 1, spans.size()).forEach(Span::abandon);
				throw new BatchListenerFailedException(poison.getMessage(), poison, i);
			}
			Instant eventTime = (order.createdAt() != null) ? order.createdAt()
					: Instant.ofEpochMilli(record.timestamp());
			purchases.add(new Purchase(order, new EventOrigin(eventTime, record.topic(), record.partition(),
					record.offset(), EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).orElse(null))));
		}
		apply(purchases, spans);
		ack.acknowledge();
	}

	/** Applies the purchases, and ends their spans (the first of {@code spans}) with what Redis made of each. */
	private void apply(List<Purchase> purchases, List<Span> spans) {
		List<Span> applying = spans.subList(0, purchases.size());
		List<Outcome> outcomes;
		try {
			outcomes = apply(purchases);
		}
		catch (RuntimeException ex) {
			RecordTracing.failed(spans, ex);
			throw ex;
		}
		for (int i = 0; i < outcomes.size(); i++) {
			applying.get(i).tag("ticketing.notification.outcome", outcomes.get(i).name());
		}
		RecordTracing.succeeded(applying);
	}

	/**
	 * Applies the purchases in one call to Redis. Any failure is reported at the first record of the poll: the error
	 * handler retries from there (with back-off), and nothing of the poll is committed before Redis has it.
	 */
	private List<Outcome> apply(List<Purchase> purchases) {
		if (purchases.isEmpty()) {
			return List.of();
		}
		Map<TopicPartition, OptionalLong> expected = new HashMap<>();
		for (Purchase purchase : purchases) {
			TopicPartition partition = purchase.partition();
			OptionalLong lastApplied = this.positions.get(partition);
			if (lastApplied == null) {
				// Redis could not be read when the partition was assigned: read from where Redis says, then come back.
				throw atFirstRecord(repositioned(partition, "its read position was not known yet"));
			}
			expected.put(partition, lastApplied);
		}
		List<Outcome> outcomes;
		try {
			outcomes = this.store.applyAll(purchases, expected);
		}
		catch (DataAccessException ex) {
			throw atFirstRecord(ex);
		}
		if (outcomes.get(0) == Outcome.POSITION_MOVED) {
			throw atFirstRecord(repositioned(expected.keySet(), "Redis no longer holds the read positions "
					+ expected + " (it lost its data, or was reset for a rebuild)"));
		}
		for (Purchase purchase : purchases) {
			this.positions.put(purchase.partition(), OptionalLong.of(purchase.origin().offset()));
		}
		this.metrics.applied(purchases, outcomes);
		if (log.isDebugEnabled()) {
			log.debug("Applied {} orders, {} of them a user's latest purchase now, up to {}", purchases.size(),
					outcomes.stream().filter(Outcome::applied).count(), expected.keySet());
		}
		return outcomes;
	}

	private static BatchListenerFailedException atFirstRecord(Exception failure) {
		return new BatchListenerFailedException(String.valueOf(failure.getMessage()), failure, 0);
	}

	/**
	 * Why a record without a value is poison: the value deserializer's failure, kept in a header by the
	 * error-handling deserializer; or, if there is none, the value is a tombstone (the Kafka client does not call the
	 * value deserializer for a null value, so the deserializer's own refusal never comes).
	 */
	private static Exception poisonReason(ConsumerRecord<?, ?> record) {
		DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
		return (failure != null) ? failure
				: new InvalidEventException("the value is null (a tombstone), not a ticket order");
	}

	@Override
	public void registerSeekCallback(ConsumerSeekCallback callback) {
		this.queuedSeeks.put(Thread.currentThread(), callback);
	}

	/** Each assigned partition is read on from the position Redis holds for it; from the beginning if none. */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		assignments.keySet().forEach((partition) -> {
			this.owners.put(partition, Thread.currentThread());
			this.positions.remove(partition);
		});
		try {
			seekToReadPositions(assignments.keySet(), callback);
		}
		catch (DataAccessException ex) {
			log.warn("Cannot read the read positions of {} from Redis ({}); they are read again before the first "
					+ "record is applied", assignments.keySet(), ex.getMessage());
		}
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> {
			this.owners.remove(partition);
			this.positions.remove(partition);
		});
	}

	/**
	 * With no records coming, no write finds out that Redis lost its data: check the positions of the idle consumer's
	 * partitions against Redis, and read again from Redis's where they differ.
	 */
	@Override
	public void onIdleContainer(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		try {
			Map<TopicPartition, OptionalLong> inRedis = this.readPositions.read(assignments.keySet());
			List<TopicPartition> moved = assignments.keySet()
				.stream()
				.filter((partition) -> !inRedis.get(partition).equals(this.positions.get(partition)))
				.toList();
			if (!moved.isEmpty()) {
				log.warn("Redis no longer holds the read positions of {} (it lost its data, or was reset for a "
						+ "rebuild): reading them again from what Redis holds", moved);
				seekToReadPositions(moved, callback);
			}
		}
		catch (DataAccessException ex) {
			log.debug("Idle check of the read positions skipped: {}", ex.getMessage());
		}
	}

	/**
	 * Seeks every partition of this consumer to Redis's positions, and returns the exception to throw: it stops this
	 * poll's remaining records from being applied or acknowledged (the error handler puts them back, as for any
	 * transient failure), and the seeks, queued, take effect after that, before the next poll.
	 */
	private RuntimeException repositioned(TopicPartition partition, String why) {
		return repositioned(List.of(partition), why);
	}

	private RuntimeException repositioned(Collection<TopicPartition> partitions, String why) {
		Thread consumer = Thread.currentThread();
		List<TopicPartition> sameConsumer = this.owners.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == consumer)
			.map(Map.Entry::getKey)
			.toList();
		log.warn("{}: {}; reading {} again from the positions Redis holds", partitions, why, sameConsumer);
		ConsumerSeekCallback seeks = this.queuedSeeks.get(consumer);
		if (seeks != null) {
			seekToReadPositions(sameConsumer, seeks);
		}
		return new ReadPositionMovedException(partitions + ": " + why);
	}

	private void seekToReadPositions(Collection<TopicPartition> partitions, ConsumerSeekCallback callback) {
		Map<TopicPartition, OptionalLong> inRedis = this.readPositions.read(partitions);
		inRedis.forEach((partition, position) -> {
			if (position.isPresent()) {
				callback.seek(partition.topic(), partition.partition(), position.getAsLong() + 1);
			}
			else {
				callback.seekToBeginning(partition.topic(), partition.partition());
			}
			this.positions.put(partition, position);
			log.info("{}: Redis holds it up to {}; reading from {}", partition, describe(position),
					position.isPresent() ? position.getAsLong() + 1 : "the beginning");
		});
	}

	private static String describe(OptionalLong position) {
		return position.isPresent() ? "offset " + position.getAsLong() : "nothing";
	}

	/** Redis's read position is not the one this consumer expected: it reads again from Redis's (a transient state). */
	static final class ReadPositionMovedException extends IllegalStateException {

		ReadPositionMovedException(String message) {
			super(message);
		}

	}

}
