package ticketing.analytics.lake;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * What the writer knows of one assigned partition: its batches not yet in S3 and how far it may commit. Touched by
 * the writer's thread only.
 */
final class PartitionProgress {

	final TopicPartition partition;

	/** Closed batches waiting for their upload, oldest first; uploaded strictly in this order. */
	final Deque<LakeBatch> closed = new ArrayDeque<>();

	/** The batch that records are added to. */
	@Nullable LakeBatch open;

	/** The topic's id, learned when the partition was synced: every key and commit of the partition carries it. */
	@Nullable Uuid topicId;

	/** Whether the position was set from what S3 holds; records fetched before that are ignored. */
	boolean synced;

	/** The offset after the last record handled (written to a batch or dead-lettered). */
	long next = -1;

	/** The committed offset, -1 before the first commit. */
	long committed = -1;

	/** Whether the partition is paused after a failure, until {@link #retryAt}. */
	boolean paused;

	/** No S3 call for this partition before this instant (back-off after a failure). */
	Instant retryAt = Instant.MIN;

	private final BackOff backOff;

	private @Nullable BackOffExecution backOffExecution;

	PartitionProgress(TopicPartition partition, BackOff backOff) {
		this.partition = partition;
		this.backOff = backOff;
	}

	/**
	 * The offset a new reader must start from: the first record not yet in S3 (or dead-lettered). It is never inside
	 * an uploaded object's range, which is what lets {@link LakeStore#lastWrittenOffset} skip older objects.
	 */
	long commitPoint() {
		LakeBatch first = this.closed.peekFirst();
		if (first != null) {
			return first.firstOffset();
		}
		return (this.open != null) ? this.open.firstOffset() : this.next;
	}

	/**
	 * Drops the batches in memory and what is known of the position: the partition is synced with the lake again
	 * before it is read.
	 */
	void forget() {
		this.closed.clear();
		this.open = null;
		this.synced = false;
		this.next = -1;
		this.committed = -1;
	}

	/** Moves the open batch, if any, to the closed ones. */
	void closeOpenBatch() {
		if (this.open != null) {
			this.closed.addLast(this.open);
			this.open = null;
		}
	}

	/** Records a failure: the next attempt waits for the back-off; returns the wait in milliseconds. */
	long failed(Instant now) {
		if (this.backOffExecution == null) {
			this.backOffExecution = this.backOff.start();
		}
		long delay = this.backOffExecution.nextBackOff();
		this.retryAt = now.plusMillis(delay);
		return delay;
	}

	/** Records a success: the back-off starts over. */
	void succeeded() {
		this.backOffExecution = null;
		this.retryAt = Instant.MIN;
	}

	boolean mayRetry(Instant now) {
		return !now.isBefore(this.retryAt);
	}

}
