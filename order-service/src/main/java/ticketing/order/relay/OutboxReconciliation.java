package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;

/**
 * Makes a database the relay refused agree with the topic ({@link ActivationCheck}): the deliberate step after a
 * database was replaced or restored from a backup, run as {@code java -jar order-service.jar reconcile}.
 * <ol>
 * <li>Takes the relay lease (the service's relays stay idle meanwhile) and calls initTransactions with the relay's
 * transactional.id: every relay of that id, on this database or another, is fenced, and its open transaction
 * aborted, so that the topic holds still.</li>
 * <li>Reads the whole event topic with read_committed: each record's event id and order id.</li>
 * <li>In one PostgreSQL transaction: stamps as published every outbox row whose event is in the topic (a restored
 * database's rows published after the backup); locks the orders against new ones, moves the order id sequence past
 * the highest order id in the topic, and gives each order not yet published whose id the topic already has (another
 * database's order, or one placed since the backup) a new id, in the order and in its event.</li>
 * <li>Only then, in a Kafka transaction, writes a progress record naming this database at the batch it is at: from
 * then on the relay agrees with the topic and publishes the rest.</li>
 * </ol>
 * Running it again changes nothing more; stopped half-way, it can be run again.
 */
class OutboxReconciliation {

	private static final Logger log = LoggerFactory.getLogger(OutboxReconciliation.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Rows per insert into the temporary table of the topic's events. */
	private static final int CHUNK = 5_000;

	private final RelayProperties properties;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final RelayState state;

	private final RelayProgress progress;

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final Supplier<Producer<String, byte[]>> producers;

	OutboxReconciliation(RelayProperties properties, JdbcClient jdbc, TransactionTemplate transactions,
			RelayState state, RelayProgress progress, Supplier<Consumer<String, byte[]>> consumers,
			Supplier<Producer<String, byte[]>> producers) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.state = state;
		this.progress = progress;
		this.consumers = consumers;
		this.producers = producers;
	}

	/** What reconciling did. */
	record Result(UUID databaseId, long batch, long recordsRead, int stamped, long highestOrderIdInTopic,
			Map<Long, Long> renumbered, long unpublished) {
	}

	Result reconcile() {
		LeaseKeeper lease = new LeaseKeeper(
				new RelayLease(jdbc, properties.transactionalId(), "reconcile-" + UUID.randomUUID()),
				properties.leaseDuration());
		takeLease(lease);
		try (Producer<String, byte[]> producer = producers.get()) {
			producer.initTransactions();
			lease.keep("fencing the relays");
			Result result = transactions.execute((tx) -> reconcileDatabase(lease));
			if (result == null) {
				throw new IllegalStateException("The reconciling transaction returned nothing");
			}
			producer.beginTransaction();
			producer.send(progress.record(List.of(), result.databaseId(), result.batch()));
			lease.keep("writing the progress record");
			producer.commitTransaction();
			return result;
		}
		finally {
			lease.release();
		}
	}

	private void takeLease(LeaseKeeper lease) {
		// A relay that refuses gives the lease up at once; one that publishes renews it: then there is nothing to
		// reconcile, or another instance is busy, and waiting longer would not help.
		long deadline = System.nanoTime() + properties.leaseDuration().multipliedBy(2).toNanos();
		while (!lease.acquire()) {
			if (System.nanoTime() > deadline) {
				String holder = jdbc.sql("SELECT owner FROM relay_lease WHERE name = ?")
					.param(properties.transactionalId())
					.query(String.class)
					.optional()
					.orElse("nobody");
				throw new IllegalStateException("The relay lease is held by " + holder + ", which keeps renewing it: "
						+ "a relay is publishing from this database, so it agrees with the topic and there is nothing "
						+ "to reconcile. (Reconcile is for a database the relay refuses: see its log.)");
			}
			sleep(Duration.ofMillis(200));
		}
	}

	private Result reconcileDatabase(LeaseKeeper lease) {
		DatabaseState database = state.read();
		jdbc.sql("CREATE TEMPORARY TABLE topic_events (event_id UUID, order_id BIGINT) ON COMMIT DROP").update();
		long read = readTopic(lease);
		jdbc.sql("CREATE INDEX ON topic_events (event_id)").update();
		jdbc.sql("CREATE INDEX ON topic_events (order_id)").update();
		jdbc.sql("ANALYZE topic_events").update();

		int stamped = jdbc.sql("""
				DELETE FROM order_outbox_pending p USING order_outbox o, topic_events t
				WHERE p.id = o.id AND o.event_id = t.event_id""").update();

		// From here no order is placed until this transaction ends: each one that is visible now gets its check
		jdbc.sql("LOCK TABLE ticket_orders IN EXCLUSIVE MODE").update();
		long highest = jdbc.sql("SELECT coalesce(max(order_id), 0) FROM topic_events").query(Long.class).single();
		String sequence = jdbc.sql("SELECT pg_get_serial_sequence('ticket_orders', 'id')")
			.query(String.class)
			.single();
		jdbc.sql("SELECT setval(?::regclass, greatest(?, (SELECT last_value FROM " + sequence + "), 1))")
			.params(sequence, highest)
			.query(Long.class)
			.single();
		Map<Long, Long> renumbered = renumberOrdersTheTopicHas();
		long unpublished = jdbc.sql("SELECT count(*) FROM order_outbox_pending")
			.query(Long.class)
			.single();
		return new Result(database.databaseId(), database.batchesStamped(), read, stamped, highest, renumbered,
				unpublished);
	}

	/** Reads every committed record of the event topic into {@code topic_events}. */
	private long readTopic(LeaseKeeper lease) {
		try (Consumer<String, byte[]> consumer = consumers.get()) {
			List<TopicPartition> partitions = consumer.partitionsFor(properties.topic(), Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
			List<UUID> eventIds = new ArrayList<>();
			List<Long> orderIds = new ArrayList<>();
			long read = 0;
			long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (ends.entrySet().stream().anyMatch((end) -> consumer.position(end.getKey()) < end.getValue())) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					eventIds.add(eventId(record));
					orderIds.add(orderId(record.value()));
					read++;
					if (eventIds.size() == CHUNK) {
						insert(eventIds, orderIds);
					}
				}
				lease.keep("reading the topic");
				if (System.nanoTime() - nextReport > 0) {
					log.info("Read {} records of {} so far", read, properties.topic());
					nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				}
			}
			insert(eventIds, orderIds);
			return read;
		}
	}

	private void insert(List<UUID> eventIds, List<Long> orderIds) {
		if (!eventIds.isEmpty()) {
			jdbc.sql("INSERT INTO topic_events SELECT * FROM unnest(?::uuid[], ?::bigint[])")
				.params(eventIds.toArray(UUID[]::new), orderIds.toArray(Long[]::new))
				.update();
			eventIds.clear();
			orderIds.clear();
		}
	}

	/**
	 * Gives every order whose event is not published yet and whose id the topic has (for another order) the next id of
	 * the sequence, now past the topic's, in the order (its idempotency key follows) and in its event.
	 */
	private Map<Long, Long> renumberOrdersTheTopicHas() {
		record Unpublished(long outboxId, String payload) {
		}
		List<Unpublished> colliding = jdbc.sql("""
				SELECT o.id, o.payload FROM order_outbox_pending p JOIN order_outbox o ON o.id = p.id
				WHERE o.event_type = ?
				AND EXISTS (SELECT 1 FROM topic_events t WHERE t.order_id = (o.payload::jsonb ->> 'order_id')::bigint)
				ORDER BY o.id""")
			.param(TicketOrderPlaced.EVENT_TYPE)
			.query((rs, row) -> new Unpublished(rs.getLong("id"), rs.getString("payload")))
			.list();
		Map<Long, Long> renumbered = new HashMap<>();
		for (Unpublished row : colliding) {
			TicketOrderPlaced event = TicketOrderJson.read(row.payload());
			long oldId = Long.parseLong(event.orderId());
			long newId = jdbc.sql("UPDATE ticket_orders SET id = DEFAULT WHERE id = ? RETURNING id")
				.param(oldId)
				.query(Long.class)
				.single();
			TicketOrderPlaced moved = new TicketOrderPlaced(Long.toString(newId), event.userId(), event.nickname(),
					event.contentId(), event.title(), event.category(), event.createdAt());
			jdbc.sql("UPDATE order_outbox SET payload = ? WHERE id = ?")
				.params(TicketOrderJson.writeString(moved), row.outboxId())
				.update();
			renumbered.put(oldId, newId);
		}
		return renumbered;
	}

	private static @Nullable UUID eventId(ConsumerRecord<String, byte[]> record) {
		try {
			return EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).map(UUID::fromString).orElse(null);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The record's order id if it has a numeric one; records typed by hand or poison ones may have none. */
	private static @Nullable Long orderId(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		try {
			JsonNode orderId = JSON.readTree(new String(value, StandardCharsets.UTF_8)).path("order_id");
			return Long.parseLong(orderId.asString().trim());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the relay lease", ex);
		}
	}

}
