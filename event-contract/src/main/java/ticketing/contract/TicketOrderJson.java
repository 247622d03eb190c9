package ticketing.contract;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of {@link TicketOrderPlaced}: snake_case names, ids as strings, the time as ISO-8601.
 * <p>
 * Reading is tolerant where it can be (unknown fields are ignored so that newer writers do not break older readers;
 * ids written as JSON numbers are read as strings) and strict where it must be: anything that is not a JSON object
 * with the three ids is refused with an {@link InvalidEventException} saying why.
 */
public final class TicketOrderJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private TicketOrderJson() {
	}

	public static byte[] write(TicketOrderPlaced event) {
		return MAPPER.writeValueAsBytes(event);
	}

	public static String writeString(TicketOrderPlaced event) {
		return new String(write(event), StandardCharsets.UTF_8);
	}

	/**
	 * @throws InvalidEventException when the bytes are not a valid event, with the reason
	 */
	public static TicketOrderPlaced read(byte[] json) {
		JsonNode tree;
		try {
			tree = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("the value is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (tree == null || !tree.isObject()) {
			throw new InvalidEventException("the value is not a JSON object but " + describe(tree));
		}
		try {
			return MAPPER.treeToValue(tree, TicketOrderPlaced.class);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof InvalidEventException invalid) {
				throw invalid;
			}
			throw new InvalidEventException("the value is not a ticket order: " + ex.getOriginalMessage(), ex);
		}
	}

	public static TicketOrderPlaced read(String json) {
		return read(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String describe(JsonNode tree) {
		return (tree == null || tree.isMissingNode()) ? "empty" : "a JSON " + tree.getNodeType().name().toLowerCase();
	}

}
