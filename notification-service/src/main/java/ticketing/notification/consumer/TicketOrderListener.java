package ticketing.notification.consumer;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import ticketing.contract.EventHeaders;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;
import ticketing.notification.purchase.EventOrigin;
import ticketing.notification.purchase.LastPurchaseStore;

/**
 * Applies each committed ticket order to the buyer's latest purchase, then acknowledges it: its offset is committed
 * only after the Redis write succeeded. A failure before the acknowledgement leaves the record to be retried (see
 * {@link ConsumerConfiguration}); a redelivery is harmless because {@link LastPurchaseStore#apply} is idempotent.
 */
@Component
class TicketOrderListener implements ConsumerSeekAware {

	/** The listener container's id, for the health indicator and for tests. */
	static final String ID = "ticket-order-to-redis";

	private static final Logger log = LoggerFactory.getLogger(TicketOrderListener.class);

	private final LastPurchaseStore store;

	private final boolean rebuild;

	/** Partitions already rewound by the rebuild: a later rebalance must not rewind them again. */
	private final Set<TopicPartition> rewound = ConcurrentHashMap.newKeySet();

	TicketOrderListener(LastPurchaseStore store, ConsumerSettings settings) {
		this.store = store;
		this.rebuild = settings.rebuild();
	}

	// idIsGroup = false: the group is spring.kafka.consumer.group-id, not the container id.
	@KafkaListener(id = ID, idIsGroup = false, topics = "${notification.consumer.topic}")
	void onTicketOrder(ConsumerRecord<String, @Nullable TicketOrderPlaced> record, Acknowledgment ack) {
		TicketOrderPlaced order = record.value();
		if (order == null) {
			// The Kafka client does not call the value deserializer for a null value (a tombstone), so the
			// deserializer's own refusal never comes: refused here, it goes to the dead-letter topic like any poison.
			throw new InvalidEventException("the value is null (a tombstone), not a ticket order");
		}
		Instant eventTime = (order.createdAt() != null) ? order.createdAt() : Instant.ofEpochMilli(record.timestamp());
		EventOrigin origin = new EventOrigin(eventTime, record.partition(), record.offset(),
				EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).orElse(null));
		boolean applied = store.apply(order, origin);
		log.debug("Order {} of user {} at {}-{}@{}: {}", order.orderId(), order.userId(), record.topic(),
				record.partition(), record.offset(), applied ? "applied" : "not newer, unchanged");
		ack.acknowledge();
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		if (!rebuild) {
			return;
		}
		for (TopicPartition partition : assignments.keySet()) {
			if (rewound.add(partition)) {
				log.info("Rebuild: reading {} from its beginning", partition);
				callback.seekToBeginning(partition.topic(), partition.partition());
			}
		}
	}

}
