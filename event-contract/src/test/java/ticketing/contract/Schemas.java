package ticketing.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event's JSON Schemas, today's and the frozen ones of earlier versions, checked with networknt's validator.
 * test-support's {@code TicketOrderSchema} loads today's the same way for the services' tests; this module cannot use
 * it (test-support depends on event-contract), so the few lines that build the validator are here too.
 */
final class Schemas {

	/** Today's schema, the one the code writes to. */
	static final String CURRENT = "ticketing/contract/ticket-order-placed.schema.json";

	/** Schema version 1 as it was released: what every reader of version 1 accepts. */
	static final String VERSION_1 = "ticketing/contract/schema-history/ticket-order-placed.v1.schema.json";

	// "format" is an annotation only in 2020-12 unless asserted: created_at must really be a date-time.
	private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

	private Schemas() {
	}

	static Schema load(String resource) {
		try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is not on the class path");
			}
			return REGISTRY.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode json(String resource) {
		try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the schema finds wrong with the JSON text: nothing when it is valid. */
	static List<String> violations(Schema schema, String json) {
		return schema.validate(json, InputFormat.JSON).stream().map(com.networknt.schema.Error::toString).toList();
	}

}
