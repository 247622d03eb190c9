package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldsTests {

	@Test
	void shouldReadNumbersAndStringsFromTheServicesAnswers() {
		// Given an order, a latest purchase and a lake summary as the services answer them
		String order = "{\"id\":42,\"userId\":100,\"contentId\":1,\"createdAt\":\"2026-11-25T10:00:00Z\"}";
		String purchase = "{\"userId\":\"100\",\"orderId\":\"42\",\"contentId\":\"1\"}";
		String summary = "{\"bucket\":\"ticket-order-events\",\"objects\":3,\"records\":1200,\"dates\":[]}";

		// When fields are read, Then each is found by its exact name
		assertThat(Fields.firstLong(order, "id")).isEqualTo(42);
		assertThat(Fields.firstLong(purchase, "orderId")).isEqualTo(42);
		assertThat(Fields.firstLong(summary, "records")).isEqualTo(1200);
		assertThat(Fields.firstLong(summary, "missing")).isEqualTo(-1);
	}

}
