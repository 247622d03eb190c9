package ticketing.consumer;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.BackOffExecution;

import ticketing.contract.EventHeaders;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class DeadLettersTests {

	private static final TopicPartition PARTITION = new TopicPartition("ticket-order", 2);

	private final List<ConsumerRecord<?, ?>> recovered = new ArrayList<>();

	private final DefaultErrorHandler handler = DeadLetters.errorHandler((record, ex) -> recovered.add(record),
			DeadLetters.retryForever(Duration.ofMillis(1), Duration.ofMillis(2)));

	@Test
	void shouldRecoverPoisonRecordsWithoutRetrying() {
		// Given a record whose listener failed because the event is invalid
		ConsumerRecord<String, String> record = record(7);
		Exception failure = new ListenerExecutionFailedException("listener failed",
				new InvalidEventException("the required field 'user_id' is missing or blank"));

		// When the error handler handles it
		handler.handleRemaining(failure, List.of(record), consumer(), container());

		// Then it is recovered (dead-lettered) at the first failure
		assertThat(recovered).containsExactly(record);
	}

	@Test
	void shouldRecoverRecordsThatCouldNotBeDeserialized() {
		ConsumerRecord<String, String> record = record(8);
		Exception failure = new DeserializationException("failed", "{".getBytes(StandardCharsets.UTF_8), false,
				new InvalidEventException("the value is not JSON"));

		handler.handleRemaining(failure, List.of(record), consumer(), container());

		assertThat(recovered).containsExactly(record);
	}

	@Test
	void shouldCountEachDeadLetterWrittenByTopicAndKindOfFailure() {
		// Given a counted recoverer
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ConsumerAwareRecordRecoverer counted = DeadLetters.counted((record, consumer, ex) -> recovered.add(record),
				meters, "notification-service");

		// When it writes a record that could not be read, and two the listener could not apply
		counted.accept(record(10), null, new DeserializationException("failed", new byte[0], false,
				new InvalidEventException("the value is not JSON")));
		counted.accept(record(11), null, new ListenerExecutionFailedException("listener failed",
				new InvalidEventException("the required field 'user_id' is missing or blank")));
		counted.accept(record(12), null, new InvalidEventException("the value is null (a tombstone)"));

		// Then each is counted under the group, the topic it came from and the kind of failure
		assertThat(recovered).hasSize(3);
		assertThat(meters.get(DeadLetters.DEAD_LETTERS_METER)
			.tags("group", "notification-service", "topic", "ticket-order", "failure", "DeserializationException")
			.counter()
			.count()).isEqualTo(1);
		assertThat(meters.get(DeadLetters.DEAD_LETTERS_METER)
			.tags("group", "notification-service", "topic", "ticket-order", "failure", "InvalidEventException")
			.counter()
			.count()).isEqualTo(2);
	}

	@Test
	void shouldNotCountADeadLetterThatWasNotWritten() {
		// Given a recoverer whose write to the dead-letter topic fails (the brokers did not acknowledge it)
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ConsumerAwareRecordRecoverer counted = DeadLetters.counted((record, consumer, ex) -> {
			throw new KafkaException("not acknowledged");
		}, meters, "notification-service");

		// When it is asked to write a poison record, then it fails (the error handler retries the record)
		assertThatException().isThrownBy(() -> counted.accept(record(13), null,
				new InvalidEventException("the value is not JSON")));
		// and nothing is counted
		assertThat(meters.find(DeadLetters.DEAD_LETTERS_METER).counters()).isEmpty();
	}

	@Test
	void shouldCountTheDeliveriesItRetriesButNotThePoisonRecords() {
		// Given an error handler with its meters
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		DefaultErrorHandler counting = DeadLetters.errorHandler((record, ex) -> recovered.add(record),
				DeadLetters.retryForever(Duration.ofMillis(1), Duration.ofMillis(2)), meters, "ticket-order");
		assertThat(meters.get(DeadLetters.RETRIES_METER).tags("topic", "ticket-order").counter().count()).isZero();

		// When a record fails three times because Redis is down, and a poison record once
		Exception down = new ListenerExecutionFailedException("listener failed", new IllegalStateException("down"));
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatException()
				.isThrownBy(() -> counting.handleRemaining(down, List.of(record(20)), consumer(), container()));
		}
		counting.handleRemaining(new ListenerExecutionFailedException("listener failed",
				new InvalidEventException("the value is not JSON")), List.of(record(21)), consumer(), container());

		// Then the three failed deliveries are counted, the poison record is not (it was dead-lettered)
		assertThat(meters.get(DeadLetters.RETRIES_METER).tags("topic", "ticket-order").counter().count())
			.isEqualTo(3);
		assertThat(recovered).extracting(ConsumerRecord::offset).containsExactly(21L);
	}

	@Test
	void shouldRetryTransientFailuresInsteadOfRecovering() {
		// Given a record whose listener failed because Redis did not answer
		ConsumerRecord<String, String> record = record(9);
		Exception failure = new ListenerExecutionFailedException("listener failed",
				new IllegalStateException("Redis is down"));

		// When the error handler handles it, many times over
		for (int attempt = 0; attempt < 20; attempt++) {
			// Then each time it rethrows so that the container seeks back and redelivers the record
			assertThatException()
				.isThrownBy(() -> handler.handleRemaining(failure, List.of(record), consumer(), container()));
		}
		// and never gives up on it
		assertThat(recovered).isEmpty();
	}

	@Test
	void shouldBackOffExponentiallyAndNeverStop() {
		BackOffExecution execution = DeadLetters.retryForever(Duration.ofMillis(500), Duration.ofSeconds(30)).start();

		List<Long> intervals = new ArrayList<>();
		for (int attempt = 0; attempt < 10_000; attempt++) {
			intervals.add(execution.nextBackOff());
		}

		assertThat(intervals).doesNotContain(BackOffExecution.STOP);
		assertThat(intervals.subList(0, 3)).containsExactly(500L, 1000L, 2000L);
		assertThat(intervals.get(9_999)).isEqualTo(30_000L);
	}

	@Test
	void shouldSayWhatIsWrongWithTheEvent() {
		Exception nested = new ListenerExecutionFailedException("listener failed",
				new DeserializationException("failed", new byte[0], false,
						new InvalidEventException("unsupported schema version '2' (this reader knows 1)")));

		assertThat(DeadLetters.reason(nested)).isEqualTo("unsupported schema version '2' (this reader knows 1)");
		assertThat(DeadLetters.reason(new RuntimeException(new ConnectException("refused"))))
			.isEqualTo("ConnectException: refused");
	}

	@Test
	void shouldAddTheReasonHeader() {
		var headers = DeadLetters.reasonHeaders(record(1), new InvalidEventException("the value is not JSON"));

		assertThat(EventHeaders.lastValue(headers, DeadLetters.REASON_HEADER)).contains("the value is not JSON");
	}

	@Test
	void shouldDeadLetterToTheSamePartition() {
		assertThat(DeadLetters.destination(record(1), "ticket-order.DLT"))
			.isEqualTo(new TopicPartition("ticket-order.DLT", 2));
	}

	@Test
	void shouldDeserializePoisonValuesIntoAnExceptionHeaderInsteadOfFailing() {
		// Given the value deserializer of the consumer properties
		try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>()) {
			deserializer.configure(DeadLetters.ticketOrderConsumerProperties(), false);
			RecordHeaders valid = new RecordHeaders();
			RecordHeaders unknownVersion = new RecordHeaders();
			unknownVersion.add(EventHeaders.SCHEMA_VERSION, "2".getBytes(StandardCharsets.UTF_8));
			byte[] order = "{\"order_id\":\"7\",\"user_id\":\"100\",\"content_id\":\"1\"}"
				.getBytes(StandardCharsets.UTF_8);

			// When it reads a valid event, and the same bytes with an unknown schema version
			Object event = deserializer.deserialize("ticket-order", valid, order);
			Object poison = deserializer.deserialize("ticket-order", unknownVersion, order);

			// Then the first is the event, the second null with the failure in a header for the error handler
			assertThat(event).isEqualTo(new TicketOrderPlaced("7", "100", null, "1", null, null, null));
			assertThat(poison).isNull();
			assertThat(unknownVersion.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)).isNotNull();
		}
	}

	@Test
	void shouldWriteDeadLettersAsTheyWereRead() {
		byte[] raw = { '{', (byte) 0xff };
		TicketOrderPlaced event = new TicketOrderPlaced("7", "100", null, "1", null, null, null);

		var serializer = DeadLetters.deadLetterSerializer();

		assertThat(serializer.serialize("t", raw)).isEqualTo(raw);
		assertThat(serializer.serialize("t", "100")).isEqualTo("100".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(serializer.serialize("t", event), StandardCharsets.UTF_8)).contains("\"user_id\":\"100\"");
		assertThat(serializer.serialize("t", null)).isNull();
	}

	private static ConsumerRecord<String, String> record(long offset) {
		return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, "100", "value");
	}

	private static MockConsumer<Object, Object> consumer() {
		MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");
		consumer.assign(List.of(PARTITION));
		return consumer;
	}

	private static KafkaMessageListenerContainer<Object, Object> container() {
		return new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()),
				new ContainerProperties(PARTITION.topic()));
	}

}
