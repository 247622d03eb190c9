package ticketing.consumer;

import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.support.serializer.DeserializationException;

import ticketing.contract.InvalidEventException;

/**
 * The one rule every consumer of {@code ticket-order} follows to tell a failure caused by <em>the record</em> from one
 * caused by <em>the infrastructure</em>.
 * <ul>
 * <li>Poison: the record cannot be read or applied (not JSON, a required id missing, an unknown schema version, a null
 * value, data the code cannot apply). Retrying cannot help: the record goes to the dead-letter topic at once and the
 * partition moves on.</li>
 * <li>Everything else: Redis, S3 or Kafka unreachable, a timeout, a bug. The record is retried, nothing after it is
 * committed, until it succeeds. A failure is transient unless proven poison, because a record skipped by mistake is
 * a lost order, while a record retried by mistake only waits for a fix.</li>
 * </ul>
 * Consumers signal a record they cannot apply by throwing {@link InvalidEventException}.
 */
public final class PoisonRecords {

	/** Failures that only the record causes: one of them anywhere in the cause chain makes the record poison. */
	public static final List<Class<? extends Exception>> POISON_FAILURES = List.of(InvalidEventException.class,
			DeserializationException.class, SerializationException.class);

	private PoisonRecords() {
	}

	/** Whether the failure was caused by the record itself, so that retrying it can never succeed. */
	public static boolean isPoison(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Throwable current = cause;
			if (POISON_FAILURES.stream().anyMatch((type) -> type.isInstance(current))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
