package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import ticketing.contract.EventHeaders;
import ticketing.order.outbox.Outbox;
import ticketing.order.outbox.OutboxEvent;

/**
 * Publishes the outbox to Kafka exactly once. One thread, one loop; in each round the relay
 * <ol>
 * <li>takes or renews the lease (only the holder publishes; the others wait);</li>
 * <li>on becoming active, opens a producer with the fixed transactional.id and calls initTransactions, which fences
 * every older producer of that id and completes or aborts its open transaction, then finds the last progress record
 * of the relay and checks it against the database ({@link ActivationCheck}): from the database it names, at the batch
 * the database stamped last, or one batch ahead, whose rows it then stamps as published (the only rows a predecessor
 * can have committed to Kafka but not to PostgreSQL); from any other database, or further ahead, the relay refuses to
 * publish, says why, and checks again later;</li>
 * <li>reads unpublished rows in id order, sends them and a progress record naming the database and the batch's
 * number in one Kafka transaction, commits, and only then stamps them and the number in PostgreSQL.</li>
 * </ol>
 * Under a backlog the PostgreSQL work of step 3 overlaps the Kafka work: while batch n is sent and committed, a
 * second thread stamps batch n-1 and then reads batch n+1 (the oldest unpublished rows but those of n). Batch n
 * commits only once the stamp of n-1 is in PostgreSQL, so that, as without the overlap, at most the last batch in the
 * progress topic can be missing from PostgreSQL, and the stamp's check of the database (its batch number moves from
 * n-2 to n-1 only) runs after batch n was read: a batch read from a database restored meanwhile is never committed.
 * The lease is renewed during activation and during a round (after reading the batch, before the commit) once a third
 * of it has passed; found lost there, the round is given up. Any failure ends the current incarnation: the producer is
 * dropped without further ado, as a crash would drop it, and the next round starts over from step 2. So a crash, a
 * restart, a fenced zombie and a Kafka error all go through the same, tested recovery path. See the README for the
 * argument.
 */
class OrderRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OrderRelay.class);

	private final RelayProperties properties;

	private final Outbox outbox;

	private final LeaseKeeper lease;

	private final RelayProgress progress;

	private final RelayState state;

	private final OutboxNotifications notifications;

	private final Supplier<Producer<String, byte[]>> producers;

	private final RelayFailureInjector injector;

	private final RelayMetrics metrics;

	private final RelayTracing tracing;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	/** The producer of the current incarnation; null while not active. Touched by the relay thread only. */
	private volatile @Nullable Producer<String, byte[]> producer;

	/** The database the current incarnation publishes from, and the number of its last batch. Relay thread only. */
	private @Nullable UUID databaseId;

	private long lastBatch;

	/** Why the relay refuses to publish; null while it does not. */
	private volatile @Nullable String refusal;

	/** System.nanoTime() at which old published rows are next deleted. */
	private long nextCleanup = System.nanoTime();

	/**
	 * The relay's PostgreSQL work that overlaps its Kafka work: the stamp of the last committed batch, then the read of
	 * the next. One thread, so that they run in the order they were asked for.
	 */
	private final ExecutorService postgres = Executors.newSingleThreadExecutor((work) -> {
		Thread thread = new Thread(work, "order-relay-postgres");
		thread.setDaemon(true);
		return thread;
	});

	/** The stamp of the last batch committed to Kafka, while it runs or until it is checked. Relay thread only. */
	private @Nullable Future<?> pendingStamp;

	/** The next batch, read while the current one was being committed. Relay thread only. */
	private @Nullable Future<List<OutboxEvent>> nextBatch;

	OrderRelay(RelayProperties properties, Outbox outbox, LeaseKeeper lease, RelayProgress progress, RelayState state,
			OutboxNotifications notifications, Supplier<Producer<String, byte[]>> producers,
			RelayFailureInjector injector, RelayMetrics metrics, RelayTracing tracing) {
		this.properties = properties;
		this.outbox = outbox;
		this.lease = lease;
		this.progress = progress;
		this.state = state;
		this.notifications = notifications;
		this.producers = producers;
		this.injector = injector;
		this.metrics = metrics;
		this.tracing = tracing;
		metrics.activeWhile(this::isActive);
		metrics.refusingWhile(() -> refusal != null);
	}

	/** Whether this instance is the active relay right now. */
	public boolean isActive() {
		return producer != null;
	}

	/** Why this instance refuses to publish (its database does not agree with the topic); empty while it does not. */
	public Optional<String> refusal() {
		return Optional.ofNullable(refusal);
	}

	@Override
	public void start() {
		running = true;
		Thread relay = new Thread(this::run, "order-relay");
		relay.setDaemon(true);
		thread = relay;
		relay.start();
	}

	@Override
	public void stop() {
		running = false;
		Thread relay = thread;
		if (relay != null) {
			try {
				relay.join(10_000);
				if (relay.isAlive()) {
					relay.interrupt();
					relay.join(5_000);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void run() {
		log.info("Relay {} started for topic {}", lease.owner(), properties.topic());
		while (running) {
			try {
				round();
			}
			catch (InterruptedException ex) {
				break;
			}
			catch (DatabaseMismatchException ex) {
				if (!ex.getMessage().equals(refusal)) {
					log.error(ex.getMessage());
				}
				refusal = ex.getMessage();
				abandon();
				releaseLease();
				pause(properties.refusalRetryInterval());
			}
			catch (LeaseLostException ex) {
				// Another instance took over, or is about to: its initTransactions fences this producer anyway
				log.info("{}; giving up the round and stepping down (a new incarnation starts if the lease comes back)",
						ex.getMessage());
				metrics.lostLease();
				abandon();
			}
			catch (RuntimeException | Error ex) {
				if (!running) {
					break;
				}
				log.warn("Relay round failed, starting over as a new relay incarnation: {}", ex.toString());
				metrics.failed(ex);
				abandon();
				pause(properties.retryBackoff());
			}
		}
		shutdown();
	}

	private void round() throws InterruptedException {
		if (!lease.acquire()) {
			if (producer != null) {
				log.info("Relay {} lost the lease between rounds; another instance publishes now", lease.owner());
				metrics.lostLease();
				abandon();
			}
			notifications.await(properties.idleWait(), this::isRunning);
			return;
		}
		if (producer == null) {
			activate();
		}
		boolean moreWaiting = publishBatch();
		deleteOldPublishedRows();
		if (!moreWaiting && notifications.await(properties.idleWait(), this::isRunning)
				&& !properties.linger().isZero()) {
			// Orders that commit within the next moments go into the same transaction: at a steady rate, one Kafka
			// transaction (and its markers on every partition) per few orders rather than per order
			pause(properties.linger());
		}
	}

	/**
	 * Step 2: fence every older relay, learn from Kafka what it published that PostgreSQL does not know, and check
	 * that this database is the one the topic was published from.
	 */
	private void activate() {
		Producer<String, byte[]> fresh = producers.get();
		producer = fresh;
		fresh.initTransactions();
		injector.at(RelayStep.ACTIVATED);
		lease.keep("fencing older relays");
		long started = System.nanoTime();
		LastProgress last = progress.lastCommitted(() -> lease.keep("searching the progress topic"));
		lease.keep("searching the progress topic");
		DatabaseState database = state.read();
		ActivationCheck check = ActivationCheck.of(last, database, properties.progressTopic());
		int recovered = switch (check.step()) {
			case CONTINUE -> 0;
			case STAMP_LAST_BATCH -> state.stampRecoveredBatch(database.databaseId(), check.batch(), last.eventIds());
			case STAMP_UNNUMBERED_BATCH -> outbox.markPublishedByEventIds(last.eventIds());
			case REFUSE -> throw new DatabaseMismatchException(check.reason());
		};
		databaseId = database.databaseId();
		lastBatch = check.batch();
		if (refusal != null) {
			log.info("The database agrees with the progress topic now; the relay publishes again");
			refusal = null;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		metrics.activated(recovered, last.offsetsRead(), took);
		if (last.found()) {
			log.info("Relay {} is active on database {} at batch {}; its last progress record (offset {}, {} events, "
					+ "found reading {} offsets) named {} rows not yet stamped in PostgreSQL; recovery took {} ms",
					lease.owner(), databaseId, lastBatch, last.offset(), last.eventIds().size(), last.offsetsRead(),
					recovered, took.toMillis());
		}
		else {
			log.info("Relay {} is active on database {}; the progress topic has no record of it ({} offsets read in "
					+ "{} ms)", lease.owner(), databaseId, last.offsetsRead(), took.toMillis());
		}
	}

	/**
	 * Step 3: one Kafka transaction for a batch and its progress record; PostgreSQL learns of it after commit. Returns
	 * whether more rows may be waiting (the batch was full, and the next one is being read already).
	 */
	private boolean publishBatch() {
		Future<List<OutboxEvent>> prefetched = nextBatch;
		nextBatch = null;
		List<OutboxEvent> waiting = (prefetched != null) ? result(prefetched) : read(List.of());
		if (waiting.isEmpty()) {
			awaitStamp();
			return false;
		}
		List<OutboxEvent> batch = OutboxEvent.upToBytes(waiting, properties.batchBytes().toBytes());
		boolean full = batch.size() < waiting.size() || waiting.size() == properties.batchSize();
		injector.at(RelayStep.BATCH_READ);
		// Reading a large batch can take a good part of the lease; renewed here, the lease covers the sends
		lease.keep("reading a batch");
		UUID database = requireDatabase();
		if (prefetched == null) {
			// A batch read ahead is checked by the stamp queued after its read, which this commit waits for
			state.requireUnchanged(database, lastBatch);
		}
		long number = lastBatch + 1;
		List<Long> ids = batch.stream().map(OutboxEvent::id).toList();
		Producer<String, byte[]> current = requireProducer();
		long began = System.nanoTime();
		current.beginTransaction();
		List<Span> spans = tracing.sending(batch);
		try {
			for (int i = 0; i < batch.size(); i++) {
				current.send(record(batch.get(i), spans.get(i)));
			}
			commit(current, batch, ids, database, number, full);
		}
		catch (RuntimeException | Error ex) {
			tracing.failed(spans, ex);
			throw ex;
		}
		tracing.committed(spans);
		long took = System.nanoTime() - began;
		injector.at(RelayStep.KAFKA_COMMITTED);
		lastBatch = number;
		metrics.published(batch, took);
		pendingStamp = postgres.submit(() -> stamp(database, number, ids));
		if (!full) {
			// Idle next: a failed stamp is reported now, not at the next order
			awaitStamp();
		}
		return full;
	}

	/** Sends the batch's progress record and commits the transaction, once the last batch's stamp is done. */
	private void commit(Producer<String, byte[]> current, List<OutboxEvent> batch, List<Long> ids, UUID database,
			long number, boolean full) {
		current.send(progress.record(batch.stream().map(OutboxEvent::eventId).toList(), database, number));
		injector.at(RelayStep.EVENTS_SENT);
		if (full) {
			// Under a backlog the next batch is read while this one is committed. Queued after the previous batch's
			// stamp, so the read does not see those rows as unpublished; this batch's rows, not stamped yet, it leaves
			// out. (Not when the batch took all that was waiting: reading ahead after every transaction made orders at
			// a steady rate slower, 134 ms instead of 66 ms from commit to visible at the median in the benchmark's
			// open loop; most likely because a transaction begun the moment the last one committed waits on the
			// broker until the last one's markers are written.)
			nextBatch = postgres.submit(() -> read(ids));
		}
		// Recovery covers the last batch in the progress topic only: the one before must be stamped by now
		awaitStamp();
		// A round that took a good part of the lease (a slow send, a stall) renews it first; if another instance has
		// taken it meanwhile, the round ends here: that instance publishes now and fences this producer anyway
		lease.keep("sending a batch");
		// Fails if any send failed; after a fence it throws ProducerFencedException and nothing becomes visible.
		current.commitTransaction();
	}

	private List<OutboxEvent> read(List<Long> excludedIds) {
		long began = System.nanoTime();
		List<OutboxEvent> waiting = outbox.unpublished(properties.batchSize(), excludedIds);
		metrics.read(System.nanoTime() - began);
		return waiting;
	}

	private void stamp(UUID database, long number, List<Long> ids) {
		long began = System.nanoTime();
		state.stampBatch(database, number, ids);
		metrics.stamped(System.nanoTime() - began);
		injector.at(RelayStep.POSTGRES_MARKED);
		log.debug("Published outbox rows {}", ids);
	}

	/** Waits for the stamp of the last committed batch; its failure (the database changed?) fails the round. */
	private void awaitStamp() {
		Future<?> stamp = pendingStamp;
		if (stamp != null) {
			pendingStamp = null;
			result(stamp);
		}
	}

	private static <T> T result(Future<T> work) {
		try {
			return work.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL", ex);
		}
	}

	private ProducerRecord<String, byte[]> record(OutboxEvent event, Span span) {
		return new ProducerRecord<>(properties.topic(), null, event.occurredAt().toEpochMilli(), event.key(),
				event.payload().getBytes(StandardCharsets.UTF_8),
				EventHeaders.forTicketOrderPlaced(event.eventId().toString(), tracing.traceparent(event, span)));
	}

	private void deleteOldPublishedRows() {
		long now = System.nanoTime();
		if (now - nextCleanup >= 0) {
			int deleted = outbox.deletePublishedOlderThan(properties.publishedRetention());
			if (deleted > 0) {
				log.debug("Deleted {} published outbox rows", deleted);
			}
			nextCleanup = now + properties.cleanupInterval().toNanos();
		}
	}

	private UUID requireDatabase() {
		UUID current = databaseId;
		if (current == null) {
			throw new IllegalStateException("The relay is not active");
		}
		return current;
	}

	private Producer<String, byte[]> requireProducer() {
		Producer<String, byte[]> current = producer;
		if (current == null) {
			throw new IllegalStateException("The relay is not active");
		}
		return current;
	}

	/** Drops the producer like a crash would: no abort, no flush. The next incarnation's initTransactions cleans up. */
	private void abandon() {
		Producer<String, byte[]> current = producer;
		producer = null;
		databaseId = null;
		drainPostgresWork();
		if (current != null) {
			try {
				current.close(Duration.ZERO);
			}
			catch (RuntimeException ex) {
				log.debug("Closing the abandoned producer failed: {}", ex.toString());
			}
		}
	}

	/**
	 * Lets the PostgreSQL work of the abandoned incarnation end before the next one reads the database's state. Not
	 * needed for safety (a stamp moves the batch number from n-1 to n only, so a late one and a recovery cannot both
	 * succeed), but the next incarnation then starts from a database at rest.
	 */
	private void drainPostgresWork() {
		Future<List<OutboxEvent>> prefetched = nextBatch;
		nextBatch = null;
		if (prefetched != null) {
			prefetched.cancel(false);
		}
		pendingStamp = null;
		try {
			postgres.submit(() -> { }).get(properties.leaseDuration().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			log.warn("The relay's PostgreSQL work did not end within {}; starting over anyway: {}",
					properties.leaseDuration(), ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void shutdown() {
		boolean wasActive = producer != null;
		abandon();
		postgres.shutdown();
		notifications.close();
		if (wasActive) {
			releaseLease();
		}
		log.info("Relay {} stopped", lease.owner());
	}

	/** Frees the lease for another instance, or for the reconcile command, which takes it while it works. */
	private void releaseLease() {
		try {
			lease.release();
		}
		catch (RuntimeException ex) {
			log.debug("Could not release the relay lease; it expires by itself: {}", ex.toString());
		}
	}

	/** Sleeps, but ends early once the relay is stopped: a long pause must not hold up a shutdown. */
	private void pause(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		try {
			while (running && until - System.nanoTime() > 0) {
				Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}

}
