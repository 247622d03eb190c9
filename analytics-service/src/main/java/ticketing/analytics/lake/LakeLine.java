package ticketing.analytics.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;

/**
 * One line of a lake object: the event's own JSON fields (as in the contract), its id and type from the headers, and
 * where it came from, flat so that a query engine reads every field as a column:
 * <pre>
 * {"event_id":"...","event_type":"TicketOrderPlaced","order_id":"7",...,"created_at":"...",
 *  "kafka_topic":"ticket-order","kafka_topic_id":"...","kafka_partition":0,"kafka_offset":12,"kafka_timestamp":"..."}
 * </pre>
 * The topic id tells apart the records of a topic created again under its name, whose offsets start at 0 again.
 */
final class LakeLine {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private LakeLine() {
	}

	static String of(ConsumerRecord<String, TicketOrderPlaced> record, String topicId) {
		ObjectNode line = MAPPER.createObjectNode();
		EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).ifPresent((id) -> line.put("event_id", id));
		line.put("event_type", EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_TYPE)
			.orElse(TicketOrderPlaced.EVENT_TYPE));
		line.setAll((ObjectNode) MAPPER.readTree(TicketOrderJson.write(record.value())));
		line.put("kafka_topic", record.topic());
		line.put("kafka_topic_id", topicId);
		line.put("kafka_partition", record.partition());
		line.put("kafka_offset", record.offset());
		if (record.timestamp() >= 0) {
			line.put("kafka_timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
		}
		return MAPPER.writeValueAsString(line);
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
