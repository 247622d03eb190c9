package ticketing.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility gate of the event contract. Readers of schema version 1 (every consumer deployed, and every
 * consumer that will ever rebuild from the topic, which keeps records for ever) must read everything written today,
 * and today's readers everything written since version 1. Within version 1 the schema may only gain optional
 * properties; a property of version 1 is never removed, renamed, retyped or made stricter, and nothing becomes
 * required. Anything else is schema version 2: the rule is in the README ("Changing the event").
 */
class SchemaCompatibilityTests {

	private final JsonNode version1 = Schemas.json(Schemas.VERSION_1);

	private final JsonNode current = Schemas.json(Schemas.CURRENT);

	@Test
	void shouldStillBeVersion1() {
		// A version 2 needs its own frozen schema and readers of both versions first (see the README)
		assertThat(TicketOrderPlaced.SCHEMA_VERSION).isEqualTo(1);
		assertThat(this.current.get("$id").asString()).endsWith("/1");
	}

	@Test
	void shouldKeepEveryPropertyOfVersion1AsItWas() {
		this.version1.get("properties").properties().forEach((property) -> {
			JsonNode now = this.current.get("properties").get(property.getKey());
			assertThat(now).as("property %s of version 1 (removed or renamed?)", property.getKey()).isNotNull();
			for (String constraint : List.of("type", "format", "minLength", "maxLength", "pattern", "enum")) {
				assertThat(now.get(constraint)).as("%s of %s", constraint, property.getKey())
					.isEqualTo(property.getValue().get(constraint));
			}
		});
	}

	@Test
	void shouldRequireExactlyWhatVersion1Required() {
		// More would refuse the events already in the topic; fewer would let writers drop what version 1 readers need
		assertThat(names(this.current.get("required"))).containsExactlyInAnyOrderElementsOf(names(this.version1.get("required")));
	}

	@Test
	void shouldLetReadersIgnoreWhatTheyDoNotKnow() {
		assertThat(this.current.get("additionalProperties").asBoolean()).isTrue();
	}

	@Test
	void shouldWriteOnlyEventsThatVersion1ReadersAccept() throws IOException {
		Schema readerOfVersion1 = Schemas.load(Schemas.VERSION_1);
		List<String> events = new ArrayList<>(EventSchemaTests.writtenEvents());
		events.addAll(Files.readAllLines(Path.of("..", "setup", "sample-data", "ticket-order-events.jsonl")));
		this.current.get("examples").forEach((example) -> events.add(example.toString()));

		assertThat(events).allSatisfy(
				(json) -> assertThat(Schemas.violations(readerOfVersion1, json)).as(json).isEmpty());
	}

	private static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((name) -> names.add(name.asString()));
		return names;
	}

}
