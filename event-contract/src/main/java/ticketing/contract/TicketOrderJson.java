package ticketing.contract;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
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
	 * Reads the event in one pass over the bytes (the consumers call this for every record of a backlog).
	 * @throws InvalidEventException when the bytes are not a valid event, with the reason
	 */
	public static TicketOrderPlaced read(byte[] json) {
		try (JsonParser parser = MAPPER.createParser(json)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new InvalidEventException("the value is not a JSON object but " + describe(first));
			}
			return MAPPER.readValue(parser, TicketOrderPlaced.class); // and refuses anything after the object
		}
		catch (StreamReadException ex) {
			throw new InvalidEventException("the value is not JSON: " + ex.getOriginalMessage(), ex);
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

	private static String describe(@Nullable JsonToken token) {
		if (token == null) {
			return "empty";
		}
		return switch (token) {
			case START_ARRAY -> "a JSON array";
			case VALUE_STRING -> "a JSON string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
			case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
			case VALUE_NULL -> "a JSON null";
			default -> "a JSON " + token;
		};
	}

}
