package ticketing.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

/**
 * The event contract's JSON Schema ({@code ticketing/contract/ticket-order-placed.schema.json}, from event-contract),
 * for tests that check what a service really wrote to {@code ticket-order}.
 */
public final class TicketOrderSchema {

	private static final String RESOURCE = "ticketing/contract/ticket-order-placed.schema.json";

	// "format" is an annotation only in 2020-12 unless asserted: created_at must really be a date-time.
	private static final Schema SCHEMA = load();

	private TicketOrderSchema() {
	}

	/** What the schema finds wrong with an event value: nothing when it is valid. */
	public static List<String> violations(String json) {
		return SCHEMA.validate(json, InputFormat.JSON).stream().map(com.networknt.schema.Error::toString).toList();
	}

	private static Schema load() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
		try (InputStream in = TicketOrderSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the class path (event-contract)");
			}
			return registry.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
