package ticketing.contract;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketOrderSerdeTests {

	private static final byte[] HAND_TYPED = "{\"order_id\":\"7\",\"user_id\":\"100\",\"content_id\":\"1\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final Deserializer<TicketOrderPlaced> deserializer = new TicketOrderSerde().deserializer();

	@Test
	void shouldRoundTripThroughKafkaSerializerAndDeserializerWithTheHeadersTheProducerWrites() {
		TicketOrderPlaced event = new TicketOrderPlaced("1", "2", "kim", "3", "Hamlet", "stage", null);
		Headers headers = EventHeaders.forTicketOrderPlaced("evt-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

		byte[] bytes = new TicketOrderSerde().serializer().serialize(Topics.TICKET_ORDER, headers, event);

		assertThat(deserializer.deserialize(Topics.TICKET_ORDER, headers, bytes)).isEqualTo(event);
		assertThat(EventHeaders.lastValue(headers, EventHeaders.EVENT_ID)).hasValue("evt-1");
		assertThat(EventHeaders.lastValue(headers, EventHeaders.EVENT_TYPE)).hasValue("TicketOrderPlaced");
		assertThat(EventHeaders.lastValue(headers, EventHeaders.SCHEMA_VERSION)).hasValue("1");
	}

	@Test
	void shouldAcceptARecordWithoutHeaders() {
		assertThat(deserializer.deserialize(Topics.TICKET_ORDER, new RecordHeaders(), HAND_TYPED).userId())
			.isEqualTo("100");
	}

	@Test
	void shouldRefuseAnUnknownSchemaVersion() {
		Headers headers = new RecordHeaders().add(EventHeaders.SCHEMA_VERSION, "2".getBytes(StandardCharsets.UTF_8));

		assertThatThrownBy(() -> deserializer.deserialize(Topics.TICKET_ORDER, headers, HAND_TYPED))
			.isInstanceOf(InvalidEventException.class)
			.hasMessage("unsupported schema version '2' (this reader knows 1)");
	}

	@Test
	void shouldRefuseATombstone() {
		assertThatThrownBy(() -> deserializer.deserialize(Topics.TICKET_ORDER, new RecordHeaders(), (byte[]) null))
			.isInstanceOf(InvalidEventException.class)
			.hasMessageContaining("tombstone");
	}

}
