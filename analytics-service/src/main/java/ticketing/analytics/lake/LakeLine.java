package ticketing.analytics.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderPlaced;

/**
 * One line of a lake object: the event's own JSON fields (as in the contract), its id and type from the headers, and
 * where it came from, flat so that a query engine reads every field as a column:
 * <pre>
 * {"event_id":"...","event_type":"TicketOrderPlaced","order_id":"7",...,"created_at":"...",
 *  "kafka_topic":"ticket-order","kafka_topic_id":"...","kafka_partition":0,"kafka_offset":12,"kafka_timestamp":"..."}
 * </pre>
 * The topic id tells apart the records of a topic created again under its name, whose offsets start at 0 again.
 * <p>
 * A line is serialized in one pass, the event's fields unwrapped into it: on a backlog the lake writer spends most of
 * its CPU here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LakeLine(
		@JsonProperty("event_id") @Nullable String eventId,
		@JsonProperty("event_type") String eventType,
		@JsonUnwrapped TicketOrderPlaced event,
		@JsonProperty("kafka_topic") String topic,
		@JsonProperty("kafka_topic_id") String topicId,
		@JsonProperty("kafka_partition") int partition,
		@JsonProperty("kafka_offset") long offset,
		@JsonProperty("kafka_timestamp") @Nullable Instant timestamp) {

	private static final ObjectWriter WRITER = JsonMapper.builder().build().writerFor(LakeLine.class);

	/** The record's line, UTF-8, without the newline that ends it in an object. */
	static byte[] of(ConsumerRecord<String, TicketOrderPlaced> record, String topicId) {
		var line = new LakeLine(EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).orElse(null),
				EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_TYPE).orElse(TicketOrderPlaced.EVENT_TYPE),
				record.value(), record.topic(), topicId, record.partition(), record.offset(),
				(record.timestamp() >= 0) ? Instant.ofEpochMilli(record.timestamp()) : null);
		return WRITER.writeValueAsBytes(line);
	}

	/**
	 * The event date (UTC) the record is filed under: the day the order was placed ({@code created_at}), or the
	 * record's timestamp for an event without it.
	 */
	static LocalDate eventDate(ConsumerRecord<String, TicketOrderPlaced> record) {
		Instant placed = record.value().createdAt();
		Instant when = (placed != null) ? placed : Instant.ofEpochMilli(record.timestamp());
		return LocalDate.ofInstant(when, ZoneOffset.UTC);
	}

}
