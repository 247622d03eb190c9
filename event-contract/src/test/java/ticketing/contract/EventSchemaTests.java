package ticketing.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event this system writes, and every sample it ships, is valid against the JSON Schema of the contract. */
class EventSchemaTests {

	private static final Path SAMPLES = Path.of("..", "setup", "sample-data", "ticket-order-events.jsonl");

	private final Schema schema = Schemas.load(Schemas.CURRENT);

	@Test
	void shouldAcceptEverySampleEvent() throws IOException {
		assertThat(Files.readAllLines(SAMPLES)).isNotEmpty()
			.allSatisfy((line) -> assertThat(Schemas.violations(this.schema, line)).as(line).isEmpty());
	}

	@Test
	void shouldAcceptWhatTheSerializerWrites() {
		assertThat(writtenEvents())
			.allSatisfy((json) -> assertThat(Schemas.violations(this.schema, json)).as(json).isEmpty());
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"user_id\":\"100\",\"content_id\":\"1\"}",
			"{\"order_id\":\"7\",\"user_id\":100,\"content_id\":\"1\"}",
			"{\"order_id\":\" \",\"user_id\":\"100\",\"content_id\":\"1\"}",
			"{\"order_id\":\"7\",\"user_id\":\"100\",\"content_id\":\"1\",\"created_at\":\"yesterday\"}", "[1,2]" })
	void shouldRejectAnEventThatBreaksTheContract(String json) {
		assertThat(Schemas.violations(this.schema, json)).isNotEmpty();
	}

	/** Events as the relay writes them (through {@link TicketOrderSerde}), with every field and with the fewest. */
	static List<String> writtenEvents() {
		try (TicketOrderSerde serde = new TicketOrderSerde()) {
			return Stream
				.of(new TicketOrderPlaced("42", "3", "mina", "2", "Midnight Jazz Live", "live",
						Instant.parse("2026-11-25T14:05:00Z")),
						new TicketOrderPlaced("7", "100", null, "1", null, null, null),
						new TicketOrderPlaced("9000000001", "user-ü", "Ünïcode \"quoted\"", "5", "Ταινία", "movie",
								Instant.parse("2026-11-25T14:05:00.123456Z")))
				.map((event) -> new String(serde.serializer().serialize("ticket-order", event),
						java.nio.charset.StandardCharsets.UTF_8))
				.toList();
		}
	}

}
