package ticketing.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.TicketOrderSerde;
import ticketing.contract.Topics;

/**
 * The dead-letter handling every consumer of {@link Topics#TICKET_ORDER} shares.
 * <ul>
 * <li>A <em>poison</em> record ({@link PoisonRecords}: its value is not a valid {@link TicketOrderPlaced}: not JSON,
 * not an object, a required id missing, an unknown schema version, null; or data the listener cannot apply) can never
 * succeed: it goes at once to the dead-letter topic, same
 * partition, with its original key, value and headers, spring-kafka's {@code kafka_dlt-*} headers and a plain
 * {@value #REASON_HEADER} header; then its offset is committed and the partition moves on.</li>
 * <li>Any other failure (a database or Redis down) is <em>transient</em>: the record is retried with exponential
 * back-off for as long as it takes, never skipped, so nothing after it is committed before it.</li>
 * </ul>
 * Values are read with {@link #ticketOrderConsumerProperties()}: an {@link ErrorHandlingDeserializer} around
 * {@link TicketOrderSerde.TicketOrderDeserializer}, so that a poison value reaches the error handler as a
 * {@link DeserializationException} instead of failing the poll loop.
 */
public final class DeadLetters {

	/** A human-readable reason why the record is in the dead-letter topic, such as "the value is not JSON: ...". */
	public static final String REASON_HEADER = "dlt_reason";

	/** The counter of failed deliveries retried, see {@link #errorHandler(ConsumerRecordRecoverer, BackOff, MeterRegistry, String)}. */
	public static final String RETRIES_METER = "ticketing.consumer.retries";

	/** The counter of dead letters written, see {@link #counted}. */
	public static final String DEAD_LETTERS_METER = "ticketing.dead-letters";

	private DeadLetters() {
	}

	/**
	 * Consumer properties for String keys and {@link TicketOrderPlaced} values that never fail the poll: add them to
	 * the consumer factory's properties.
	 */
	public static Map<String, Object> ticketOrderConsumerProperties() {
		Map<String, Object> props = new HashMap<>();
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		props.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, TicketOrderSerde.TicketOrderDeserializer.class);
		return props;
	}

	/**
	 * The producer factory for dead letters: keys and values written as they were read, raw bytes for a value that
	 * could not be deserialized (the original bytes), {@link TicketOrderPlaced} as its JSON, Strings as UTF-8.
	 * @param producerProperties bootstrap servers and the like; serializers, acks and idempotence are set here
	 */
	public static DefaultKafkaProducerFactory<Object, Object> deadLetterProducerFactory(
			Map<String, Object> producerProperties) {
		Map<String, Object> props = new HashMap<>(producerProperties);
		// A dead letter must not be lost or doubled by a retry: acks from all in-sync replicas, idempotent writes.
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		return new DefaultKafkaProducerFactory<>(props, deadLetterSerializer(), deadLetterSerializer());
	}

	/** A template on {@link #deadLetterProducerFactory(Map)}. */
	public static KafkaTemplate<Object, Object> deadLetterTemplate(Map<String, Object> producerProperties) {
		return new KafkaTemplate<>(deadLetterProducerFactory(producerProperties));
	}

	/** The error handler for a listener container: poison records to {@code deadLetterTopic}, the rest retried. */
	public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, String deadLetterTopic,
			BackOff transientBackOff) {
		return errorHandler(recoverer(template, deadLetterTopic), transientBackOff);
	}

	/** The same with another recoverer: {@link #counted} around {@link #recoverer}, or one of a test. */
	public static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer recoverer, BackOff transientBackOff) {
		// Only poison records are ever recovered, so the back-off never ends: the handler retries transient
		// failures until they succeed.
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, transientBackOff);
		PoisonRecords.POISON_FAILURES.forEach(handler::addNotRetryableExceptions);
		// Commit the dead-lettered record's offset right away, so that a restart does not send it again.
		handler.setCommitRecovered(true);
		return handler;
	}

	/**
	 * The same, counting in {@value #RETRIES_METER} (tagged with the topic) every delivery that failed for a reason
	 * other than the record and will be retried: Redis, S3 or Kafka away. While it rises, the consumer of that topic
	 * is stuck on a record, committing nothing after it; it reads on once the failure is over.
	 * @param topic the topic the consumer reads: its counter exists from the start, at 0
	 */
	public static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer recoverer, BackOff transientBackOff,
			MeterRegistry registry, String topic) {
		DefaultErrorHandler handler = errorHandler(recoverer, transientBackOff);
		retries(registry, topic);
		handler.setRetryListeners((record, failure, deliveryAttempt) -> {
			if (!PoisonRecords.isPoison(failure)) {
				retries(registry, record.topic()).increment();
			}
		});
		return handler;
	}

	private static Counter retries(MeterRegistry registry, String topic) {
		return Counter.builder(RETRIES_METER)
			.description("Deliveries that failed for a reason other than the record (a store or Kafka away) and are "
					+ "retried")
			.tag("topic", topic)
			.register(registry);
	}

	/** Publishes a failed record to the same partition of {@code deadLetterTopic}, with {@value #REASON_HEADER}. */
	public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template, String deadLetterTopic) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> destination(record, deadLetterTopic));
		recoverer.addHeadersFunction(DeadLetters::reasonHeaders);
		// A dead letter not acknowledged by the brokers is a failure: the record is then retried, never dropped.
		recoverer.setFailIfSendResultIsError(true);
		return recoverer;
	}

	/** Back-off for transient failures: exponential from {@code initial} up to {@code max}, without end. */
	public static BackOff retryForever(Duration initial, Duration max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
		backOff.setMaxInterval(max.toMillis());
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		backOff.setMaxAttempts(Long.MAX_VALUE);
		return backOff;
	}

	/** The back-off used by default: 500 ms doubling up to 30 s, forever. */
	public static BackOff retryForever() {
		return retryForever(Duration.ofMillis(500), Duration.ofSeconds(30));
	}

	/**
	 * The recoverer, counting each record it has written to the dead-letter topic in {@value #DEAD_LETTERS_METER},
	 * tagged with the consumer group, the topic the record came from and the kind of failure ({@link #failureKind}):
	 * an operator alerts on any increase, and reads the reasons in the records' {@value #REASON_HEADER} header.
	 */
	public static ConsumerAwareRecordRecoverer counted(ConsumerAwareRecordRecoverer recoverer, MeterRegistry registry,
			String group) {
		return (record, consumer, failure) -> {
			// Counted once written: a dead letter the brokers did not acknowledge fails here and is retried
			recoverer.accept(record, consumer, failure);
			countDeadLetter(registry, group, record.topic(), failure);
		};
	}

	/** Counts one dead letter of the group, from the topic, for the failure, in {@value #DEAD_LETTERS_METER}. */
	public static void countDeadLetter(MeterRegistry registry, String group, String topic, Throwable failure) {
		Counter.builder(DEAD_LETTERS_METER)
			.description("Poison records written to a dead-letter topic, by consumer group, the topic they came from "
					+ "and the kind of failure")
			.tag("group", group)
			.tag("topic", topic)
			.tag("failure", failureKind(failure))
			.register(registry)
			.increment();
	}

	/**
	 * The kind of a poison failure, a bounded set for a meter's tag: the simple name of the first
	 * {@link PoisonRecords#POISON_FAILURES poison failure} in the cause chain (a value that could not be read is a
	 * {@code DeserializationException}, one the consumer cannot apply an {@code InvalidEventException}), else of the
	 * failure itself.
	 */
	static String failureKind(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Throwable current = cause;
			if (PoisonRecords.POISON_FAILURES.stream().anyMatch((type) -> type.isInstance(current))) {
				return current.getClass().getSimpleName();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return failure.getClass().getSimpleName();
	}

	/** The dead-letter topic's partition for a record: the partition it came from (the DLT has at least as many). */
	static TopicPartition destination(ConsumerRecord<?, ?> record, String deadLetterTopic) {
		return new TopicPartition(deadLetterTopic, record.partition());
	}

	static Headers reasonHeaders(ConsumerRecord<?, ?> record, Exception failure) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(REASON_HEADER, reason(failure).getBytes(StandardCharsets.UTF_8));
		return headers;
	}

	/**
	 * Why a record failed, for people: the message of the {@link InvalidEventException} in the cause chain if there
	 * is one (it says what is wrong with the event), else the innermost cause's type and message.
	 */
	public static String reason(Throwable failure) {
		Throwable root = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidEventException) {
				return String.valueOf(cause.getMessage());
			}
			root = cause;
			if (cause.getCause() == cause) {
				break;
			}
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	/** Writes a key or value as it was read: raw bytes unchanged, Strings as UTF-8, events as their JSON. */
	static Serializer<Object> deadLetterSerializer() {
		Map<Class<?>, Serializer<?>> serializers = new LinkedHashMap<>();
		serializers.put(byte[].class, new ByteArraySerializer());
		serializers.put(String.class, new StringSerializer());
		serializers.put(TicketOrderPlaced.class, new TicketOrderSerde.TicketOrderSerializer());
		return new DelegatingByTypeSerializer(serializers, true);
	}

}
