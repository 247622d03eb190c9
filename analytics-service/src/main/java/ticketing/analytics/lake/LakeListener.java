package ticketing.analytics.lake;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.BackOff;

import ticketing.analytics.lake.LakeFailureInjector.Point;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;
import ticketing.consumer.RecordTracing;

/**
 * The lake writer's listener, called by its spring-kafka listener container on the consumer thread: with the records
 * of each poll ({@link #onMessage}), when polls have brought nothing for a while ({@link #onIdle}), and on every
 * rebalance. It seeks each assigned partition past what S3 holds, batches, uploads and commits; the container owns
 * the consumer, the poll loop and its shutdown (the revocation at close uploads and commits what is open).
 * <p>
 * It commits itself ({@code commitSync} with the topic id as metadata), never through the container's
 * acknowledgments: an offset is committed only once the records before it are in S3, which can be several polls
 * later. When something fails unexpectedly, everything in memory is dropped without a commit, like a crash, and each
 * partition is read again from what S3 holds after a back-off.
 * <p>
 * The seek is done here, in the rebalance listener, not through {@code ConsumerSeekAware}: where to start depends on
 * the committed offset's metadata (the topic id) and on S3, which may be down, so a partition stays paused until that
 * answer comes, retried with back-off after later polls.
 */
final class LakeListener
		implements BatchConsumerAwareMessageListener<String, TicketOrderPlaced>, ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(LakeListener.class);

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LakeListener.class);

	private final LakeSettings settings;

	private final LakeStore store;

	private final Map<String, Object> consumerProperties;

	/** Created on first use on the consumer thread, closed when the writer stops. */
	private @Nullable TopicIds topicIds;

	private final ConsumerAwareRecordRecoverer deadLetters;

	private final LakeFailureInjector failures;

	private final BackOff backOff;

	private final RecordTracing tracing;

	private final AtomicLong recordsRead = new AtomicLong();

	private final AtomicLong objectsWritten = new AtomicLong();

	private final AtomicLong recordsWritten = new AtomicLong();

	private final AtomicLong uploadsFailed = new AtomicLong();

	/** Per object written, from its oldest record's timestamp to the object in S3: the sum, and how many. */
	private final AtomicLong orderToLakeNanos = new AtomicLong();

	private final AtomicLong objectsTimed = new AtomicLong();

	private final AtomicLong objectsRefused = new AtomicLong();

	private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();

	/** Whether the bucket is known to exist: nothing is read before it does. */
	private boolean bucketReady;

	LakeListener(Map<String, Object> consumerProperties, LakeSettings settings, LakeStore store,
			ConsumerAwareRecordRecoverer deadLetters, BackOff backOff, LakeFailureInjector failures,
			RecordTracing tracing) {
		this.consumerProperties = Map.copyOf(consumerProperties);
		this.tracing = tracing;
		this.settings = settings;
		this.store = store;
		this.deadLetters = deadLetters;
		this.backOff = backOff;
		this.failures = failures;
	}

	long recordsRead() {
		return this.recordsRead.get();
	}

	long objectsWritten() {
		return this.objectsWritten.get();
	}

	long recordsWritten() {
		return this.recordsWritten.get();
	}

	long uploadsFailed() {
		return this.uploadsFailed.get();
	}

	long orderToLakeNanos() {
		return this.orderToLakeNanos.get();
	}

	long objectsTimed() {
		return this.objectsTimed.get();
	}

	long objectsRefused() {
		return this.objectsRefused.get();
	}

	/** Releases the admin client that looks up topic ids; after the container has stopped. */
	void close() {
		if (this.topicIds != null) {
			this.topicIds.close();
			this.topicIds = null;
		}
	}

	private TopicIds topicIds() {
		if (this.topicIds == null) {
			this.topicIds = new TopicIds(this.consumerProperties);
		}
		return this.topicIds;
	}

	/** The records of one poll. */
	@Override
	public void onMessage(List<ConsumerRecord<String, TicketOrderPlaced>> records, Consumer<?, ?> consumer) {
		guarded(consumer, () -> {
			syncWithLake(consumer);
			Set<TopicPartition> held = new HashSet<>();
			for (ConsumerRecord<String, TicketOrderPlaced> record : records) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				PartitionProgress progress = this.partitions.get(partition);
				// Not synced: fetched before the seek to what S3 holds, read again from there. Below next: handled
				// already. Held: its dead-lettering failed, and it is read again from that record after a back-off.
				if (progress == null || !progress.synced || record.offset() < progress.next
						|| held.contains(partition)) {
					continue;
				}
				if (!handle(consumer, progress, record)) {
					held.add(partition);
				}
			}
			afterPoll(consumer, false);
		});
	}

	/**
	 * Polls have brought nothing for a poll timeout: the end of a backlog, or a pause in the orders. What is open is
	 * written now rather than after max-age, which only bounds the wait while records keep coming; partitions waiting
	 * for S3 are retried.
	 */
	void onIdle(Consumer<?, ?> consumer) {
		guarded(consumer, () -> {
			syncWithLake(consumer);
			afterPoll(consumer, true);
		});
	}

	private void afterPoll(Consumer<?, ?> consumer, boolean quiet) {
		Instant now = Instant.now();
		for (PartitionProgress progress : this.partitions.values()) {
			if (!progress.synced) {
				continue;
			}
			if (progress.open != null
					&& (quiet || !now.isBefore(progress.open.openedAt().plus(this.settings.maxAge())))) {
				progress.closeOpenBatch();
			}
			if (!progress.closed.isEmpty()) {
				upload(consumer, progress);
			}
			else if (progress.paused && progress.mayRetry(now)) {
				resume(consumer, progress);
			}
		}
		commit(consumer, this.partitions.values());
	}

	/**
	 * Runs a step of the listener. The container is stopping when the consumer is woken up: the revocation at close
	 * uploads and commits. Any other failure drops everything in memory without a commit, like a crash.
	 */
	private void guarded(Consumer<?, ?> consumer, Runnable step) {
		try {
			step.run();
		}
		catch (WakeupException ex) {
			// The container is stopping; its close revokes the partitions, which uploads and commits what is open.
		}
		catch (ObjectExistsException | TopicRecreatedException ex) {
			// Not a failure of S3 or Kafka: another writer was first, or the topic is a new one; every partition is
			// read again from what the lake holds for the topic as it is now.
			log.info("The lake writer starts over from what S3 holds: {}", ex.getMessage());
			startOver(consumer, false);
		}
		catch (RuntimeException ex) {
			log.error("The lake writer failed; it drops what it holds uncommitted and reads again from what S3 holds",
					ex);
			startOver(consumer, true);
		}
	}

	/** Drops every batch in memory, uncommitted; each partition is synced with the lake again (after a back-off). */
	private void startOver(Consumer<?, ?> consumer, boolean backOff) {
		Instant now = Instant.now();
		for (PartitionProgress progress : this.partitions.values()) {
			progress.forget();
			pause(consumer, progress);
			if (backOff) {
				progress.failed(now);
			}
		}
	}

	/**
	 * Seeks each newly assigned partition past what S3 already holds for the topic as it is now (its id), then lets
	 * it be fetched. A committed offset counts only if it was committed for that topic id (the commit's metadata): one
	 * of a topic deleted since, or of another cluster, says nothing about this one.
	 */
	private void syncWithLake(Consumer<?, ?> consumer) {
		Instant now = Instant.now();
		Uuid topicId = null;
		for (PartitionProgress progress : this.partitions.values()) {
			if (progress.synced || !progress.mayRetry(now)) {
				continue;
			}
			TopicPartition partition = progress.partition;
			try {
				if (!this.bucketReady) {
					this.store.ensureBucket();
					this.bucketReady = true;
				}
				if (topicId == null) {
					topicId = topicIds().of(partition.topic());
				}
				OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
				if (committed != null && !topicId.toString().equals(committed.metadata())) {
					log.info("{}: ignoring the committed offset {}, committed for topic id '{}', not {}", partition,
							committed.offset(), committed.metadata(), topicId);
					committed = null;
				}
				long from = (committed != null) ? committed.offset() : 0;
				OptionalLong last = this.store.lastWrittenOffset(topicId.toString(), partition.partition(), from);
				long position;
				if (last.isPresent() && last.getAsLong() + 1 > from) {
					position = last.getAsLong() + 1;
				}
				else if (committed != null) {
					position = committed.offset();
				}
				else {
					position = consumer.beginningOffsets(Set.of(partition)).get(partition);
				}
				consumer.seek(partition, position);
				progress.topicId = topicId;
				progress.synced = true;
				progress.next = position;
				progress.committed = (committed != null) ? committed.offset() : -1;
				progress.succeeded();
				resume(consumer, progress);
				log.info("{} (topic id {}): committed offset {}, the lake holds up to {}; reading from {}", partition,
						topicId, (committed != null) ? committed.offset() : "none",
						last.isPresent() ? last.getAsLong() : "nothing", position);
			}
			catch (SdkException | org.apache.kafka.common.errors.TimeoutException | TopicIds.LookupFailedException ex) {
				long delay = progress.failed(now);
				log.warn("{}: cannot tell how far the lake is written ({}); trying again in {} ms", partition,
						ex.getMessage(), delay);
			}
		}
	}

	/**
	 * Adds the record to its partition's batch, or dead-letters it.
	 * @return false when the rest of the partition's records must wait (the dead-letter topic failed)
	 */
	private boolean handle(Consumer<?, ?> consumer, PartitionProgress progress,
			ConsumerRecord<String, TicketOrderPlaced> record) {
		this.recordsRead.incrementAndGet();
		if (record.value() == null) {
			try {
				this.deadLetters.accept(record, consumer, poison(record));
			}
			catch (RuntimeException ex) {
				long delay = progress.failed(Instant.now());
				log.warn("{}: dead-lettering offset {} failed ({}); trying again in {} ms", progress.partition,
						record.offset(), ex.getMessage(), delay);
				consumer.seek(progress.partition, record.offset());
				pause(consumer, progress);
				return false;
			}
			progress.next = record.offset() + 1;
			return true;
		}
		var date = LakeLine.eventDate(record);
		if (progress.open != null && !progress.open.date().equals(date)) {
			progress.closeOpenBatch(); // one event date per object
		}
		if (progress.open == null) {
			progress.open = new LakeBatch(record.topic(), String.valueOf(progress.topicId), record.partition(), date,
					Instant.now());
		}
		progress.open.add(record.offset(), LakeLine.of(record, String.valueOf(progress.topicId)), record.timestamp(),
				this.tracing.defer(record));
		progress.next = record.offset() + 1;
		if (progress.open.size() >= this.settings.maxRecords()
				|| progress.open.bytes() >= this.settings.maxBytes().toBytes()) {
			progress.closeOpenBatch();
			upload(consumer, progress);
		}
		return true;
	}

	/**
	 * Why the record is poison, wrapped as a listener container would: the recoverer takes the group it names for
	 * the kafka_dlt-original-consumer-group header, which tells the groups' dead letters apart in the shared topic.
	 */
	private Exception poison(ConsumerRecord<String, TicketOrderPlaced> record) {
		DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
		Exception cause = (failure != null) ? failure : new InvalidEventException("the value is empty");
		return new ListenerExecutionFailedException("poison record at " + record.topic() + "-" + record.partition()
				+ "@" + record.offset(), this.settings.groupId(), cause);
	}

	/** Uploads the closed batches in order; on a failure the partition pauses until the back-off has passed. */
	private void upload(Consumer<?, ?> consumer, PartitionProgress progress) {
		Instant now = Instant.now();
		if (!progress.mayRetry(now) || progress.closed.isEmpty()) {
			return;
		}
		try {
			requireSameTopic(progress);
		}
		catch (TopicIds.LookupFailedException ex) {
			long delay = progress.failed(now);
			log.warn("{}: {}; trying again in {} ms, nothing committed meanwhile", progress.partition, ex.getMessage(),
					delay);
			pause(consumer, progress);
			return;
		}
		while (!progress.closed.isEmpty()) {
			LakeBatch batch = progress.closed.getFirst();
			String key = batch.key(this.settings.gzip()).key();
			this.failures.reached(Point.BEFORE_UPLOAD, progress.partition, key);
			try {
				this.store.create(batch, this.settings.gzip());
			}
			catch (ObjectExistsException ex) {
				// Someone wrote from this offset while this writer was paused (or an answer got lost): what is in
				// memory may overlap it. Dropping all of it, uncommitted, is a crash; each partition is then read
				// from what S3 holds, after that object.
				this.objectsRefused.incrementAndGet();
				log.warn("{}: {}; abandoning what this writer holds and starting over from the lake",
						progress.partition, ex.getMessage());
				throw ex;
			}
			catch (SdkException ex) {
				this.uploadsFailed.incrementAndGet();
				long delay = progress.failed(now);
				log.warn("{}: writing {} to S3 failed ({}); trying again in {} ms, nothing committed meanwhile",
						progress.partition, key, ex.getMessage(), delay);
				pause(consumer, progress);
				return;
			}
			this.failures.reached(Point.AFTER_UPLOAD_BEFORE_COMMIT, progress.partition, key);
			progress.closed.removeFirst();
			batch.written(key, this.tracing);
			this.objectsWritten.incrementAndGet();
			this.recordsWritten.addAndGet(batch.size());
			Instant oldest = batch.oldestRecordTime();
			if (oldest != null) {
				this.orderToLakeNanos.addAndGet(Math.max(0, Duration.between(oldest, Instant.now()).toNanos()));
				this.objectsTimed.incrementAndGet();
			}
			log.debug("{}: wrote {} ({} records)", progress.partition, key, batch.size());
		}
		progress.succeeded();
		resume(consumer, progress);
	}

	/**
	 * Makes sure the topic is still the one the partition was synced for, so that the records in memory, all
	 * fetched before this call, came from it: once its id is another, the old one never comes back. Otherwise
	 * everything in memory is dropped, like a crash, and the new topic is read from what the lake holds for it.
	 */
	private void requireSameTopic(PartitionProgress progress) {
		Uuid now = topicIds().of(progress.partition.topic());
		if (!now.equals(progress.topicId)) {
			throw new TopicRecreatedException(progress.partition.topic(), progress.topicId, now);
		}
	}

	/** Closes the open batch and tries once to upload what is closed (revocation, shutdown). */
	private void flush(Consumer<?, ?> consumer, PartitionProgress progress) {
		if (!progress.synced) {
			return;
		}
		progress.closeOpenBatch();
		progress.retryAt = Instant.MIN;
		upload(consumer, progress);
	}

	/** Commits, for each partition, the offset of the first record not yet in S3. */
	private void commit(Consumer<?, ?> consumer, Collection<PartitionProgress> progresses) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (PartitionProgress progress : progresses) {
			long point = commitPoint(consumer, progress);
			if (progress.synced && point > progress.committed) {
				// The topic id goes with the offset: it tells a later owner which topic the offset is of.
				offsets.put(progress.partition, new OffsetAndMetadata(point, String.valueOf(progress.topicId)));
			}
		}
		if (offsets.isEmpty()) {
			return;
		}
		try {
			consumer.commitSync(offsets);
			for (PartitionProgress progress : progresses) {
				OffsetAndMetadata offset = offsets.get(progress.partition);
				if (offset != null) {
					progress.committed = offset.offset();
				}
			}
		}
		catch (WakeupException ex) {
			throw ex;
		}
		catch (KafkaException ex) {
			// Harmless: the objects are in S3, and the next owner of the partition seeks past them.
			log.info("Committing {} failed ({}); S3 still tells where to resume", offsets, ex.getMessage());
		}
	}

	/**
	 * The partition's {@link PartitionProgress#commitPoint()}; once everything read is in S3, the consumer's position,
	 * which is past transaction markers too, so that the group's lag is 0 when the lake is up to date.
	 */
	private static long commitPoint(Consumer<?, ?> consumer, PartitionProgress progress) {
		if (!progress.synced || progress.paused || progress.open != null || !progress.closed.isEmpty()
				|| !consumer.assignment().contains(progress.partition)) {
			return progress.commitPoint();
		}
		return Math.max(progress.commitPoint(), consumer.position(progress.partition, Duration.ofSeconds(5)));
	}

	private static void pause(Consumer<?, ?> consumer, PartitionProgress progress) {
		if (!progress.paused && consumer.assignment().contains(progress.partition)) {
			consumer.pause(Set.of(progress.partition));
		}
		progress.paused = true;
	}

	private static void resume(Consumer<?, ?> consumer, PartitionProgress progress) {
		if (consumer.assignment().contains(progress.partition)) {
			consumer.resume(Set.of(progress.partition));
		}
		progress.paused = false;
	}

	/**
	 * Inside {@code poll}, on the consumer thread: nothing is fetched before the seek past what S3 holds, tried at
	 * once and, while S3 or the cluster does not answer, after each poll with a back-off.
	 */
	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
		log.debug("Assigned {}", assigned);
		for (TopicPartition partition : assigned) {
			PartitionProgress progress = new PartitionProgress(partition, this.backOff);
			progress.paused = true;
			this.partitions.put(partition, progress);
		}
		consumer.pause(assigned);
		guarded(consumer, () -> syncWithLake(consumer));
	}

	/** Inside {@code poll} or at close: what is open is uploaded and committed, once, if S3 answers. */
	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
		log.debug("Revoked {}", revoked);
		List<PartitionProgress> leaving = revoked.stream()
			.map(this.partitions::get)
			.filter((progress) -> progress != null)
			.toList();
		try {
			for (PartitionProgress progress : leaving) {
				flush(consumer, progress);
			}
			commit(consumer, leaving);
		}
		catch (RuntimeException ex) {
			// The next owner reads what S3 holds: whatever was not written is read again.
			log.info("Leaving {} without writing what is open ({})", revoked, ex.getMessage());
		}
		finally {
			revoked.forEach(this.partitions::remove);
		}
	}

	/** Another member may own them already: writing now could duplicate its objects. */
	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
		lost.forEach(this.partitions::remove);
	}

}
