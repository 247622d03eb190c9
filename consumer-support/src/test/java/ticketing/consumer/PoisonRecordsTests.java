package ticketing.consumer;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

import ticketing.contract.InvalidEventException;

import static org.assertj.core.api.Assertions.assertThat;

class PoisonRecordsTests {

	@Test
	void shouldTakeAnInvalidEventAnywhereInTheCauseChainForPoison() {
		assertThat(PoisonRecords.isPoison(new InvalidEventException("the value is null (a tombstone)"))).isTrue();
		assertThat(PoisonRecords.isPoison(new ListenerExecutionFailedException("listener failed",
				new IllegalStateException("wrapped", new InvalidEventException("no user_id")))))
			.isTrue();
	}

	@Test
	void shouldTakeValuesThatCouldNotBeDeserializedForPoison() {
		assertThat(PoisonRecords.isPoison(new DeserializationException("failed",
				"{".getBytes(StandardCharsets.UTF_8), false, new InvalidEventException("not JSON"))))
			.isTrue();
		assertThat(PoisonRecords.isPoison(new RecordDeserializationException(new TopicPartition("ticket-order", 0), 5,
				"bad value", new InvalidEventException("not JSON"))))
			.isTrue();
	}

	@Test
	void shouldTakeEverythingElseForTransientSoThatNoRecordIsSkippedByMistake() {
		assertThat(PoisonRecords.isPoison(new ListenerExecutionFailedException("listener failed",
				new IllegalStateException("Redis is down", new ConnectException("Connection refused")))))
			.isFalse();
		assertThat(PoisonRecords.isPoison(new TimeoutException("S3 did not answer"))).isFalse();
		assertThat(PoisonRecords.isPoison(new NullPointerException("a bug, to be fixed, not a bad record"))).isFalse();
	}

}
