package ticketing.analytics.lake;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.BackOff;

import ticketing.analytics.lake.LakeFailureInjector.Point;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;

/**
 * One consumer's life in the {@link LakeWriter}: subscribe, seek each assigned partition past what S3 holds, batch,
 * upload, commit, until the writer stops (then the open batches are uploaded and committed) or something fails (then
 * everything in memory is abandoned without a commit, like a crash, and the writer starts a new session). Touched by
 * the writer thread only; the rebalance listener runs on it, inside {@code poll}.
 */
final class LakeSession {

	private static final Logger log = LoggerFactory.getLogger(LakeSession.class);

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LakeSession.class);

	private final KafkaConsumer<String, TicketOrderPlaced> kafka;

	private final LakeSettings settings;

	private final LakeStore store;

	private final TopicIds topicIds;

	private final ConsumerAwareRecordRecoverer deadLetters;

	private final LakeFailureInjector failures;

	private final BackOff backOff;

	private final AtomicLong recordsRead;

	private final AtomicLong objectsWritten;

	private final AtomicLong objectsRefused;

	private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();

	/** Set when the session ends by a failure: the revocation that close() runs must not flush or commit. */
	private boolean abandoning;

	LakeSession(Map<String, Object> consumerProperties, LakeSettings settings, LakeStore store,
			ConsumerAwareRecordRecoverer deadLetters, BackOff backOff, LakeFailureInjector failures,
			AtomicLong recordsRead, AtomicLong objectsWritten, AtomicLong objectsRefused) {
		this.kafka = new KafkaConsumer<>(consumerProperties);
		this.topicIds = new TopicIds(consumerProperties);
		this.settings = settings;
		this.store = store;
		this.deadLetters = deadLetters;
		this.backOff = backOff;
		this.failures = failures;
		this.recordsRead = recordsRead;
		this.objectsWritten = objectsWritten;
		this.objectsRefused = objectsRefused;
	}

	/** Makes a blocking consumer call (poll) return at once; safe from any thread. */
	void wakeup() {
		this.kafka.wakeup();
	}

	/**
	 * Runs while {@code running} says so. A normal end uploads and commits what is open; an exception abandons
	 * everything in memory without committing, like a crash, and the next session starts over from S3.
	 */
	void run(BooleanSupplier running) {
		KafkaConsumer<String, TicketOrderPlaced> kafka = this.kafka;
		boolean clean = false;
		try {
			kafka.subscribe(List.of(this.settings.topic()), new Rebalance(kafka));
			while (running.getAsBoolean()) {
				try {
					pollOnce(kafka);
				}
				catch (WakeupException ex) {
					// stop() woke the consumer up; the loop ends
				}
			}
			for (PartitionProgress progress : this.partitions.values()) {
				flush(kafka, progress);
			}
			try {
				commit(kafka);
			}
			catch (WakeupException ex) {
				commit(kafka); // stop() came after the last poll: its wake-up is spent now
			}
			clean = true;
		}
		finally {
			// A crash must not flush or commit in the revocation that close() runs.
			this.abandoning = !clean;
			try {
				kafka.close(CloseOptions.timeout(clean ? Duration.ofSeconds(10) : Duration.ZERO));
			}
			catch (RuntimeException ex) {
				log.debug("Closing the consumer failed", ex);
			}
			this.topicIds.close();
			this.partitions.clear();
		}
	}

	private void pollOnce(Consumer<String, TicketOrderPlaced> kafka) {
		syncWithLake(kafka);
		ConsumerRecords<String, TicketOrderPlaced> records = kafka.poll(this.settings.pollTimeout());
		for (TopicPartition partition : records.partitions()) {
			PartitionProgress progress = this.partitions.get(partition);
			if (progress == null || !progress.synced) {
				continue; // fetched before the seek to what S3 holds: read again from there
			}
			for (ConsumerRecord<String, TicketOrderPlaced> record : records.records(partition)) {
				if (!handle(kafka, progress, record)) {
					break;
				}
			}
		}
		Instant now = Instant.now();
		// Nothing came for a whole poll: the end of a backlog, or a pause in the orders. What is open is written now
		// rather than after max-age, which only bounds the wait while records keep coming.
		boolean quiet = records.isEmpty();
		for (PartitionProgress progress : this.partitions.values()) {
			if (!progress.synced) {
				continue;
			}
			if (progress.open != null
					&& (quiet || !now.isBefore(progress.open.openedAt().plus(this.settings.maxAge())))) {
				progress.closeOpenBatch();
			}
			if (!progress.closed.isEmpty()) {
				upload(kafka, progress);
			}
			else if (progress.paused && progress.mayRetry(now)) {
				resume(kafka, progress);
			}
		}
		commit(kafka);
	}

	/**
	 * Seeks each newly assigned partition past what S3 already holds for the topic as it is now (its id), then lets
	 * it be fetched. A committed offset counts only if it was committed for that topic id (the commit's metadata): one
	 * of a topic deleted since, or of another cluster, says nothing about this one.
	 */
	private void syncWithLake(Consumer<String, TicketOrderPlaced> kafka) {
		Instant now = Instant.now();
		Uuid topicId = null;
		for (PartitionProgress progress : this.partitions.values()) {
			if (progress.synced || !progress.mayRetry(now)) {
				continue;
			}
			TopicPartition partition = progress.partition;
			try {
				if (topicId == null) {
					topicId = this.topicIds.of(partition.topic());
				}
				OffsetAndMetadata committed = kafka.committed(Set.of(partition)).get(partition);
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
					position = kafka.beginningOffsets(Set.of(partition)).get(partition);
				}
				kafka.seek(partition, position);
				progress.topicId = topicId;
				progress.synced = true;
				progress.next = position;
				progress.committed = (committed != null) ? committed.offset() : -1;
				progress.succeeded();
				resume(kafka, progress);
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
	private boolean handle(Consumer<String, TicketOrderPlaced> kafka, PartitionProgress progress,
			ConsumerRecord<String, TicketOrderPlaced> record) {
		this.recordsRead.incrementAndGet();
		if (record.value() == null) {
			try {
				this.deadLetters.accept(record, kafka, poison(record));
			}
			catch (RuntimeException ex) {
				long delay = progress.failed(Instant.now());
				log.warn("{}: dead-lettering offset {} failed ({}); trying again in {} ms", progress.partition,
						record.offset(), ex.getMessage(), delay);
				kafka.seek(progress.partition, record.offset());
				pause(kafka, progress);
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
		progress.open.add(record.offset(), LakeLine.of(record, String.valueOf(progress.topicId)));
		progress.next = record.offset() + 1;
		if (progress.open.size() >= this.settings.maxRecords()
				|| progress.open.bytes() >= this.settings.maxBytes().toBytes()) {
			progress.closeOpenBatch();
			upload(kafka, progress);
		}
		return true;
	}

	/** Why a record without a value is poison: the deserializer's exception, or an empty value. */
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
	private void upload(Consumer<String, TicketOrderPlaced> kafka, PartitionProgress progress) {
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
			pause(kafka, progress);
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
				// memory may overlap it. Dropping the whole session, uncommitted, is a crash; the next one reads
				// from what S3 holds, after that object.
				this.objectsRefused.incrementAndGet();
				log.warn("{}: {}; abandoning what this writer holds and starting over from the lake",
						progress.partition, ex.getMessage());
				throw ex;
			}
			catch (SdkException ex) {
				long delay = progress.failed(now);
				log.warn("{}: writing {} to S3 failed ({}); trying again in {} ms, nothing committed meanwhile",
						progress.partition, key, ex.getMessage(), delay);
				pause(kafka, progress);
				return;
			}
			this.failures.reached(Point.AFTER_UPLOAD_BEFORE_COMMIT, progress.partition, key);
			progress.closed.removeFirst();
			this.objectsWritten.incrementAndGet();
			log.debug("{}: wrote {} ({} records)", progress.partition, key, batch.size());
		}
		progress.succeeded();
		resume(kafka, progress);
	}

	/**
	 * Makes sure the topic is still the one the partition was synced for, so that the records in memory, all
	 * fetched before this call, came from it: once its id is another, the old one never comes back. Otherwise the
	 * session ends like a crash, and the next one reads the new topic from what the lake holds for it.
	 */
	private void requireSameTopic(PartitionProgress progress) {
		Uuid now = this.topicIds.of(progress.partition.topic());
		if (!now.equals(progress.topicId)) {
			throw new TopicRecreatedException(progress.partition.topic(), progress.topicId, now);
		}
	}

	/** Closes the open batch and tries once to upload what is closed (revocation, shutdown). */
	private void flush(Consumer<String, TicketOrderPlaced> kafka, PartitionProgress progress) {
		if (!progress.synced) {
			return;
		}
		progress.closeOpenBatch();
		progress.retryAt = Instant.MIN;
		upload(kafka, progress);
	}

	/** Commits, for each partition, the offset of the first record not yet in S3. */
	private void commit(Consumer<String, TicketOrderPlaced> kafka) {
		commit(kafka, this.partitions.values());
	}

	private void commit(Consumer<String, TicketOrderPlaced> kafka, Collection<PartitionProgress> progresses) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (PartitionProgress progress : progresses) {
			long point = commitPoint(kafka, progress);
			if (progress.synced && point > progress.committed) {
				// The topic id goes with the offset: it tells a later owner which topic the offset is of.
				offsets.put(progress.partition, new OffsetAndMetadata(point, String.valueOf(progress.topicId)));
			}
		}
		if (offsets.isEmpty()) {
			return;
		}
		try {
			kafka.commitSync(offsets);
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
	private static long commitPoint(Consumer<String, TicketOrderPlaced> kafka, PartitionProgress progress) {
		if (!progress.synced || progress.paused || progress.open != null || !progress.closed.isEmpty()
				|| !kafka.assignment().contains(progress.partition)) {
			return progress.commitPoint();
		}
		return Math.max(progress.commitPoint(), kafka.position(progress.partition, Duration.ofSeconds(5)));
	}

	private void pause(Consumer<String, TicketOrderPlaced> kafka, PartitionProgress progress) {
		if (!progress.paused && kafka.assignment().contains(progress.partition)) {
			kafka.pause(Set.of(progress.partition));
			progress.paused = true;
		}
	}

	private void resume(Consumer<String, TicketOrderPlaced> kafka, PartitionProgress progress) {
		if (kafka.assignment().contains(progress.partition)) {
			kafka.resume(Set.of(progress.partition));
		}
		progress.paused = false;
	}

	/** Runs inside {@code poll}, on the writer thread. */
	private final class Rebalance implements ConsumerRebalanceListener {

		private final Consumer<String, TicketOrderPlaced> kafka;

		Rebalance(Consumer<String, TicketOrderPlaced> kafka) {
			this.kafka = kafka;
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
			for (TopicPartition partition : assigned) {
				PartitionProgress progress = new PartitionProgress(partition, LakeSession.this.backOff);
				LakeSession.this.partitions.put(partition, progress);
				// Nothing is fetched before the seek past what S3 holds (syncWithLake).
				progress.paused = true;
			}
			this.kafka.pause(assigned);
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
			if (LakeSession.this.abandoning) {
				return;
			}
			List<PartitionProgress> leaving = revoked.stream()
				.map(LakeSession.this.partitions::get)
				.filter((progress) -> progress != null)
				.toList();
			for (PartitionProgress progress : leaving) {
				flush(this.kafka, progress);
			}
			commit(this.kafka, leaving);
			revoked.forEach(LakeSession.this.partitions::remove);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> lost) {
			// Another member may own them already: writing now could duplicate its objects.
			lost.forEach(LakeSession.this.partitions::remove);
		}

	}

}
