package ticketing.analytics.streams;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamThreadFailuresTests {

	private final StreamThreadFailures failures = new StreamThreadFailures();

	@Test
	void shouldReplaceAThreadWhoseTransactionTheBrokersAborted() {
		// Given the commit of a thread that was frozen past transaction.timeout.ms, as Kafka Streams reports it
		var commitRefused = new StreamsException("Error encountered trying to commit a transaction",
				new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
		var epochBumped = new StreamsException(new InvalidProducerEpochException("old epoch"));

		// Then a new thread resumes from the last commit, and the instance goes on
		assertThat(this.failures.handle(commitRefused)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
		assertThat(this.failures.handle(epochBumped)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
	}

	@Test
	void shouldShutTheInstanceDownOnAnythingElse() {
		// Given failures a new thread would hit again, or a live producer with the same transactional id
		var missingTopic = new MissingSourceTopicException("ticket-order is missing");
		var bug = new StreamsException(new IllegalStateException("a bug"));
		var zombie = new StreamsException(new ProducerFencedException("a newer producer exists"));

		// Then the instance stops (its health turns DOWN) rather than retrying forever or fencing the other one
		assertThat(this.failures.handle(missingTopic)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
		assertThat(this.failures.handle(bug)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
		assertThat(this.failures.handle(zombie)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
	}

}
