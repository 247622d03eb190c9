package ticketing.contract;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schema file and the record are two descriptions of one contract: they must not drift apart. */
class JsonSchemaTests {

	private final JsonNode schema = loadSchema();

	@Test
	void shouldDescribeExactlyTheFieldsOfTheRecord() {
		List<String> recordFields = Arrays.stream(TicketOrderPlaced.class.getRecordComponents())
			.map(JsonSchemaTests::jsonName)
			.toList();

		assertThat(schema.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(recordFields);
	}

	@Test
	void shouldRequireExactlyTheIdsTheRecordRequires() {
		List<String> required = new ArrayList<>();
		schema.get("required").forEach((name) -> required.add(name.asString()));

		assertThat(required).containsExactlyInAnyOrder("order_id", "user_id", "content_id");
	}

	@Test
	void shouldHaveExamplesThatTheCodeReads() {
		assertThat(schema.get("examples")).isNotEmpty();
		schema.get("examples")
			.forEach((example) -> assertThat(TicketOrderJson.read(example.toString()).orderId()).isNotBlank());
	}

	private static String jsonName(RecordComponent component) {
		return component.getAccessor().getAnnotation(JsonProperty.class) != null
				? component.getAccessor().getAnnotation(JsonProperty.class).value()
				: component.getAnnotation(JsonProperty.class).value();
	}

	private static JsonNode loadSchema() {
		try (InputStream in = TicketOrderPlaced.class.getResourceAsStream("ticket-order-placed.schema.json")) {
			assertThat(in).as("the schema file on the classpath").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
