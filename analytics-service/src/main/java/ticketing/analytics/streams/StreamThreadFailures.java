package ticketing.analytics.streams;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread fails.
 * <ul>
 * <li>Its transaction was ended behind its back: the thread was paused (a long GC, a frozen VM, SIGSTOP) for longer
 * than {@code transaction.timeout.ms}, and the transaction coordinator aborted it and bumped the producer's epoch, so
 * the commit is refused. Nothing of that transaction is visible to read_committed readers; a new thread, with a new
 * producer, resumes from the last commit: exactly-once holds, and the instance goes on.</li>
 * <li>Anything else (a missing input topic, a bug) would fail again on the same record in a new thread: the instance
 * stops, its health turns DOWN, and another instance or a restart takes over from the last commit. Records that
 * cannot be deserialized never get here (dead-letter topic).</li>
 * </ul>
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

	@Override
	public StreamThreadExceptionResponse handle(Throwable exception) {
		if (isTransactionEndedByTheBrokers(exception)) {
			log.warn("A stream thread's transaction was aborted by the brokers (was the JVM paused longer than "
					+ "transaction.timeout.ms?); replacing the thread, which resumes from the last commit", exception);
			return StreamThreadExceptionResponse.REPLACE_THREAD;
		}
		log.error("A stream thread failed; shutting this Kafka Streams instance down", exception);
		return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
	}

	private static boolean isTransactionEndedByTheBrokers(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			// Not ProducerFencedException: another producer with the thread's transactional id is alive (a zombie,
			// or a copied state directory); a new thread would fence it in turn.
			if (cause instanceof InvalidTxnStateException || cause instanceof InvalidProducerEpochException) {
				return true;
			}
		}
		return false;
	}

}
