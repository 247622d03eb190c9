package ticketing.analytics.operator;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ticketing.analytics.lake.LakeSettings;
import ticketing.analytics.streams.StreamsSettings;
import ticketing.consumer.DeadLetters;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.TicketOrderSerde;

/**
 * The operator's live view of the pipeline, read from Kafka as a {@code read_committed} consumer sees it: the newest
 * orders of the order topic, the users Kafka Streams reported as suspicious, and the dead letters with the reason
 * each was set aside. The shop's page (order-service's {@code /operator.html}) polls these.
 */
@RestController
@RequestMapping("/operator")
// What every endpoint of the view may answer besides its 200
@ApiResponse(responseCode = "401", description = "No valid bearer token",
		content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "403", description = "The token does not grant the operator role",
		content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "503", description = "Kafka did not answer in time; retry after Retry-After seconds",
		content = @Content(mediaType = "application/problem+json"))
@Validated
class OperatorViewController {

	private static final Logger log = LoggerFactory.getLogger(OperatorViewController.class);

	/** The headers that say why a record is a dead letter: ours, Kafka Streams', spring-kafka's, in that order. */
	private static final List<String> REASON_HEADERS = List.of(DeadLetters.REASON_HEADER, "__streams.errors.message",
			"kafka_dlt-exception-message");

	private static final int VALUE_PREVIEW_CHARACTERS = 200;

	private final NewestRecords newest;

	private final StreamsSettings.StreamTopics topics;

	/** Where the lake and Kafka Streams set records aside: one topic as deployed, two where configured apart. */
	private final Set<String> deadLetterTopics = new LinkedHashSet<>();

	private final TicketOrderSerde.TicketOrderDeserializer orders = new TicketOrderSerde.TicketOrderDeserializer();

	OperatorViewController(NewestRecords newest, StreamsSettings streams, LakeSettings lake) {
		this.newest = newest;
		this.topics = streams.topics();
		this.deadLetterTopics.add(lake.deadLetterTopic());
		this.deadLetterTopics.add(streams.topics().deadLetter());
	}

	@Operation(summary = "The newest orders of the order topic, as a read_committed consumer sees them",
			description = "Newest first. An order of a Kafka transaction still open, or aborted, is not among them.")
	@ApiResponse(responseCode = "200", description = "The newest orders")
	@GetMapping("/orders")
	List<OrderSeen> orders(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
		return this.newest.read(List.of(this.topics.orders()), limit).stream().map(this::orderSeen).toList();
	}

	@Operation(summary = "The users Kafka Streams reported for ordering too much in one window, newest first")
	@ApiResponse(responseCode = "200", description = "The newest reports")
	@GetMapping("/suspicious-users")
	List<SuspiciousUser> suspiciousUsers(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
		return this.newest.read(List.of(this.topics.suspiciousUsers()), limit)
			.stream()
			.map((record) -> new SuspiciousUser(record.key(), orderCount(record.value()),
					Instant.ofEpochMilli(record.timestamp())))
			.toList();
	}

	@Operation(summary = "The newest dead letters, with the reason each record was set aside")
	@ApiResponse(responseCode = "200", description = "The newest dead letters")
	@GetMapping("/dead-letters")
	List<DeadLetter> deadLetters(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
		return this.newest.read(this.deadLetterTopics, limit)
			.stream()
			.map((record) -> new DeadLetter(record.partition(), record.offset(),
					Instant.ofEpochMilli(record.timestamp()), record.key(), reason(record),
					header(record, "kafka_dlt-original-consumer-group"), preview(record.value())))
			.toList();
	}

	/** Kafka unreachable, or too slow to answer: the service's problem, not the operator's; worth a retry. */
	@ExceptionHandler(KafkaException.class)
	ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaException ex) {
		log.warn("The operator view could not read Kafka: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Kafka did not answer in time; the view is refreshed again shortly.");
		problem.setTitle("Kafka temporarily unavailable");
		problem.setType(URI.create("urn:ticketing:problem:kafka-unavailable"));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	private OrderSeen orderSeen(ConsumerRecord<String, byte[]> record) {
		Instant time = Instant.ofEpochMilli(record.timestamp());
		try {
			TicketOrderPlaced order = this.orders.deserialize(record.topic(), record.headers(), record.value());
			return new OrderSeen(record.partition(), record.offset(), time, record.key(), order.orderId(),
					order.contentId(), order.title(), order.category(), null);
		}
		catch (InvalidEventException ex) {
			// A poison record: the consumers send it to the dead letters; the view shows it for what it is
			return new OrderSeen(record.partition(), record.offset(), time, record.key(), null, null, null, null,
					"not a valid order: " + ex.getMessage());
		}
	}

	private static @Nullable Integer orderCount(byte @Nullable [] value) {
		return (value != null && value.length == Integer.BYTES) ? ByteBuffer.wrap(value).getInt() : null;
	}

	private static String reason(ConsumerRecord<String, byte[]> record) {
		return REASON_HEADERS.stream()
			.map((name) -> header(record, name))
			.filter((value) -> value != null && !value.isBlank())
			.findFirst()
			.orElse("no reason recorded");
	}

	private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static @Nullable String preview(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		String text = new String(value, StandardCharsets.UTF_8);
		return (text.length() <= VALUE_PREVIEW_CHARACTERS) ? text
				: text.substring(0, VALUE_PREVIEW_CHARACTERS) + "…";
	}

	/**
	 * An order as a read_committed consumer of the order topic sees it.
	 *
	 * @param partition the partition
	 * @param offset    its offset there
	 * @param timestamp the record's timestamp (when the order was placed)
	 * @param userId    the record's key
	 * @param orderId   the order id, if the value is a valid order
	 * @param contentId the content
	 * @param title     the content's title
	 * @param category  the content's category
	 * @param invalid   why the value is not a valid order, if it is not
	 */
	record OrderSeen(int partition, long offset, Instant timestamp, @Nullable String userId, @Nullable String orderId,
			@Nullable String contentId, @Nullable String title, @Nullable String category, @Nullable String invalid) {
	}

	/**
	 * A user with too many orders in one window.
	 *
	 * @param userId      the user
	 * @param orders      their orders in that window
	 * @param windowStart when the window began
	 */
	record SuspiciousUser(String userId, @Nullable Integer orders, Instant windowStart) {
	}

	/**
	 * A record set aside by a consumer of the order topic.
	 *
	 * @param partition     the partition of the dead-letter topic (the same as the original's)
	 * @param offset        its offset there
	 * @param timestamp     its timestamp
	 * @param key           its key, as it was
	 * @param reason        why it was set aside
	 * @param consumerGroup the group that set it aside, where recorded
	 * @param value         the start of its value, as text
	 */
	record DeadLetter(int partition, long offset, Instant timestamp, @Nullable String key, String reason,
			@Nullable String consumerGroup, @Nullable String value) {
	}

}
