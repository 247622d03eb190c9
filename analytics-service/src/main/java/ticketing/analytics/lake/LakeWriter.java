package ticketing.analytics.lake;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Reads committed orders and writes them to the lake, each exactly once, on a thread of its own with a plain Kafka
 * consumer (a {@link LakeSession} at a time; the pattern of Kafka Connect's S3 sink):
 * <ol>
 * <li>On assignment a partition is paused until S3 tells how far it is written: the reader seeks past the highest
 * last offset of the partition's objects of the topic's current id (or to the committed offset, if it was committed
 * for that id and is further). S3 is the source of truth of progress; the committed offset only saves listing old
 * objects. A recreated topic (a new id) is written from its beginning, beside the old one's objects.</li>
 * <li>Records go into a batch per partition; a batch closes at {@code max-records} or {@code max-bytes}, at
 * {@code max-age}, after a poll that brought nothing (the end of a backlog), or when the event date changes, and is
 * uploaded as one object; objects of a partition are uploaded strictly in offset order.</li>
 * <li>An object is named by its topic id and first offset only and created only if no object has that name ({@code If-None-Match:
 * *}): two writers that read the same records (one of them paused past its session, then going on) cannot both write
 * them. The one refused drops everything it holds, like a crash, and starts over from what S3 holds.</li>
 * <li>After the upload the offset after the object is committed. A crash before the upload loses only memory; a crash
 * after it and before the commit is undone by step 1 on the next assignment, whoever gets the partition.</li>
 * <li>On revocation the open batch is uploaded and committed; if S3 fails then, it is dropped uncommitted and the
 * next owner reads it again. Lost partitions are dropped without any write.</li>
 * </ol>
 * Poison records go to the dead-letter topic through the shared {@code DeadLetters} recoverer. When S3 or the
 * dead-letter topic fails, the partition is paused and retried with back-off, forever, committing nothing meanwhile.
 */
public final class LakeWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LakeWriter.class);

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final LakeSettings settings;

	private final LakeStore store;

	private final Map<String, Object> consumerProperties;

	private final ConsumerAwareRecordRecoverer deadLetters;

	private final LakeFailureInjector failures;

	private final BackOff backOff;

	private final Object sleeper = new Object();

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private volatile @Nullable LakeSession session;

	private final AtomicLong recordsRead = new AtomicLong();

	private final AtomicLong objectsWritten = new AtomicLong();

	private final AtomicLong objectsRefused = new AtomicLong();

	/**
	 * @param consumerProperties the consumer's complete configuration (group, read_committed, no auto-commit,
	 * deserializers)
	 */
	LakeWriter(LakeSettings settings, LakeStore store, Map<String, Object> consumerProperties,
			ConsumerAwareRecordRecoverer deadLetters, BackOff backOff, LakeFailureInjector failures) {
		this.settings = settings;
		this.store = store;
		this.consumerProperties = Map.copyOf(consumerProperties);
		this.deadLetters = deadLetters;
		this.backOff = backOff;
		this.failures = failures;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread writer = new Thread(this::run, "lake-writer-" + THREADS.incrementAndGet());
		this.thread = writer;
		writer.start();
	}

	/** Uploads and commits the open batches (if S3 is there), leaves the group and waits for the thread to end. */
	@Override
	public synchronized void stop() {
		this.running = false;
		LakeSession current = this.session;
		if (current != null) {
			current.wakeup();
		}
		synchronized (this.sleeper) {
			this.sleeper.notifyAll();
		}
		Thread writer = this.thread;
		if (writer != null) {
			try {
				writer.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Records read since the start (also again after a crash), poison records included. */
	long recordsRead() {
		return this.recordsRead.get();
	}

	/** Objects this writer has put into S3. */
	long objectsWritten() {
		return this.objectsWritten.get();
	}

	/** Objects S3 refused to create because one started at the same offset already (another writer was first). */
	long objectsRefused() {
		return this.objectsRefused.get();
	}

	private void run() {
		BackOffExecution bucketBackOff = this.backOff.start();
		// No subscription before the bucket exists: without S3 there is nothing to do with the records.
		while (this.running) {
			try {
				this.store.ensureBucket();
				break;
			}
			catch (SdkException ex) {
				long delay = bucketBackOff.nextBackOff();
				log.warn("S3 bucket {} not reachable ({}); trying again in {} ms", this.store.bucket(), ex.getMessage(),
						delay);
				sleep(delay);
			}
		}
		BackOffExecution restarts = this.backOff.start();
		while (this.running) {
			try {
				LakeSession current = new LakeSession(this.consumerProperties, this.settings, this.store,
						this.deadLetters, this.backOff, this.failures, this.recordsRead, this.objectsWritten,
						this.objectsRefused);
				this.session = current;
				if (!this.running) {
					current.wakeup(); // stop() came before the session was visible to it
				}
				try {
					current.run(() -> this.running);
				}
				finally {
					this.session = null;
				}
			}
			catch (ObjectExistsException | TopicRecreatedException ex) {
				// Not a failure of S3 or Kafka: another writer was first, or the topic is a new one; the next session
				// starts from what the lake holds for the topic as it is now.
				log.info("The lake writer starts over from what S3 holds: {}", ex.getMessage());
			}
			catch (RuntimeException ex) {
				long delay = restarts.nextBackOff();
				log.error("The lake writer failed; it starts again in {} ms from what S3 holds", delay, ex);
				sleep(delay);
			}
		}
	}

	private void sleep(long millis) {
		synchronized (this.sleeper) {
			if (!this.running) {
				return;
			}
			try {
				this.sleeper.wait(Math.max(1, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

}
