package ticketing.analytics.lake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderPlaced;

import static org.assertj.core.api.Assertions.assertThat;

class LakeLineTests {

	private static final Instant PLACED = Instant.parse("2026-11-25T23:59:30.250Z");

	@Test
	void shouldWriteTheEventsFieldsItsHeadersAndWhereItCameFromAsOneFlatObject() {
		// Given a record with every field, its event headers and a timestamp
		var event = new TicketOrderPlaced("7", "100", "Kim \"K\" Lee", "1", "Spring Live", "live", PLACED);
		var record = record(event, PLACED.plusMillis(20).toEpochMilli(),
				EventHeaders.forTicketOrderPlaced("c0ffee00-0000-4000-8000-000000000001", "00-abc-def-01"));

		// When it becomes a line / Then every field is a top-level column, in this order, strings escaped
		assertThat(new String(LakeLine.of(record, "q-7Xy_0aQmKc3bRtuVwXyA"), StandardCharsets.UTF_8)).isEqualTo("{"
				+ "\"event_id\":\"c0ffee00-0000-4000-8000-000000000001\",\"event_type\":\"TicketOrderPlaced\","
				+ "\"order_id\":\"7\",\"user_id\":\"100\",\"nickname\":\"Kim \\\"K\\\" Lee\",\"content_id\":\"1\","
				+ "\"title\":\"Spring Live\",\"category\":\"live\",\"created_at\":\"2026-11-25T23:59:30.250Z\","
				+ "\"kafka_topic\":\"ticket-order\",\"kafka_topic_id\":\"q-7Xy_0aQmKc3bRtuVwXyA\","
				+ "\"kafka_partition\":2,\"kafka_offset\":12,\"kafka_timestamp\":\"2026-11-25T23:59:30.270Z\"}");
		assertThat(LakeLine.eventDate(record)).isEqualTo(LocalDate.of(2026, 11, 25));
	}

	@Test
	void shouldLeaveOutWhatTheRecordDoesNotHaveAndFileItUnderItsTimestamp() {
		// Given an event typed by hand: only the ids, no headers; and one without a timestamp either
		var event = new TicketOrderPlaced("7", "100", null, "1", null, null, null);
		var stamped = record(event, PLACED.toEpochMilli(), new RecordHeaders());
		var unstamped = record(event, ConsumerRecord.NO_TIMESTAMP, new RecordHeaders());

		// Then the line has the contract's event type and no empty fields, and the date is the record's
		assertThat(new String(LakeLine.of(stamped, "t"), StandardCharsets.UTF_8)).isEqualTo("{"
				+ "\"event_type\":\"TicketOrderPlaced\",\"order_id\":\"7\",\"user_id\":\"100\",\"content_id\":\"1\","
				+ "\"kafka_topic\":\"ticket-order\",\"kafka_topic_id\":\"t\",\"kafka_partition\":2,"
				+ "\"kafka_offset\":12,\"kafka_timestamp\":\"2026-11-25T23:59:30.250Z\"}");
		assertThat(new String(LakeLine.of(unstamped, "t"), StandardCharsets.UTF_8)).doesNotContain("kafka_timestamp");
		assertThat(LakeLine.eventDate(stamped)).isEqualTo(LocalDate.of(2026, 11, 25));
	}

	private static ConsumerRecord<String, TicketOrderPlaced> record(TicketOrderPlaced event, long timestamp,
			org.apache.kafka.common.header.Headers headers) {
		return new ConsumerRecord<>("ticket-order", 2, 12, timestamp,
				(timestamp < 0) ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME, 3, 100, event.userId(),
				event, headers, Optional.empty());
	}

}
