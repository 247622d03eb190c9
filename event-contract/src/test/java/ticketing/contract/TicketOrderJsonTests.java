package ticketing.contract;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketOrderJsonTests {

	@Test
	void shouldReadTheRecordALearnerTypesIntoTheConsoleProducer() {
		TicketOrderPlaced event = TicketOrderJson
			.read("{\"order_id\":\"7\",\"user_id\":\"100\",\"content_id\":\"1\",\"category\":\"live\"}");

		assertThat(event).isEqualTo(new TicketOrderPlaced("7", "100", null, "1", null, "live", null));
		assertThat(event.isLive()).isTrue();
	}

	@Test
	void shouldWriteSnakeCaseNamesWithIdsAsStringsAndTimeAsIso8601() {
		TicketOrderPlaced event = new TicketOrderPlaced("42", "3", "mina", "2", "Midnight Jazz", "live",
				Instant.parse("2026-11-25T14:05:00Z"));

		assertThat(TicketOrderJson.writeString(event)).isEqualTo("{\"order_id\":\"42\",\"user_id\":\"3\","
				+ "\"nickname\":\"mina\",\"content_id\":\"2\",\"title\":\"Midnight Jazz\",\"category\":\"live\","
				+ "\"created_at\":\"2026-11-25T14:05:00Z\"}");
		assertThat(TicketOrderJson.read(TicketOrderJson.write(event))).isEqualTo(event);
	}

	@Test
	void shouldLeaveMissingOptionalFieldsOutOfTheJson() {
		String json = TicketOrderJson.writeString(new TicketOrderPlaced("7", "100", null, "1", null, null, null));

		assertThat(json).isEqualTo("{\"order_id\":\"7\",\"user_id\":\"100\",\"content_id\":\"1\"}");
	}

	@Test
	void shouldReadIdsWrittenAsNumbersAndIgnoreUnknownFields() {
		TicketOrderPlaced event = TicketOrderJson
			.read("{\"order_id\":7,\"user_id\":100,\"content_id\":1,\"category\":\"stage\",\"seat\":\"A-12\"}");

		assertThat(event.orderId()).isEqualTo("7");
		assertThat(event.userId()).isEqualTo("100");
		assertThat(event.contentId()).isEqualTo("1");
		assertThat(event.isLive()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			not JSON               | hello                                            | not JSON
			truncated JSON         | {"order_id":"7",                                 | not JSON
			two objects            | {"order_id":"7","user_id":"1","content_id":"1"}{} | not a ticket order: Trailing token
			an array               | [1,2]                                            | not a JSON object but a JSON array
			a string               | "7"                                              | not a JSON object but a JSON string
			no user id             | {"order_id":"7","content_id":"1"}                | 'user_id' is missing or blank
			a blank order id       | {"order_id":" ","user_id":"1","content_id":"1"}  | 'order_id' is missing or blank
			a null content id      | {"order_id":"7","user_id":"1","content_id":null} | 'content_id' is missing or blank
			an object as id        | {"order_id":{},"user_id":"1","content_id":"1"}   | not a ticket order
			a bad time             | {"order_id":"7","user_id":"1","content_id":"1","created_at":"soon"} | not a ticket order
			""")
	void shouldRefuseWhatIsNotATicketOrderAndSayWhy(String what, String json, String reason) {
		assertThatThrownBy(() -> TicketOrderJson.read(json)).isInstanceOf(InvalidEventException.class)
			.hasMessageContaining(reason);
	}

	@Test
	void shouldRefuseAnEmptyValue() {
		assertThatThrownBy(() -> TicketOrderJson.read(new byte[0])).isInstanceOf(InvalidEventException.class)
			.hasMessageContaining("not a JSON object but empty");
	}

}
