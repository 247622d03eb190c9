package ticketing.contract;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a ticketing event. All values are UTF-8 strings. Every header is optional for a reader: a record
 * typed by hand into the console producer has none, and is still a valid event of the current schema version.
 */
public final class EventHeaders {

	/** A unique id of the event, the same on every retry of its publication: the key for de-duplication. */
	public static final String EVENT_ID = "event_id";

	/** The kind of event, such as {@value TicketOrderPlaced#EVENT_TYPE}. */
	public static final String EVENT_TYPE = "event_type";

	/** The version of the value's schema; a reader refuses a version it does not know. */
	public static final String SCHEMA_VERSION = "schema_version";

	/** The W3C Trace Context of the request that placed the order. */
	public static final String TRACEPARENT = "traceparent";

	private EventHeaders() {
	}

	/** The headers order-service writes on a {@link TicketOrderPlaced} event. */
	public static Headers forTicketOrderPlaced(String eventId, String traceparent) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(EVENT_ID, utf8(eventId));
		headers.add(EVENT_TYPE, utf8(TicketOrderPlaced.EVENT_TYPE));
		headers.add(SCHEMA_VERSION, utf8(Integer.toString(TicketOrderPlaced.SCHEMA_VERSION)));
		headers.add(TRACEPARENT, utf8(traceparent));
		return headers;
	}

	/** The last value of the header, if present. */
	public static Optional<String> lastValue(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header == null || header.value() == null) ? Optional.empty()
				: Optional.of(new String(header.value(), StandardCharsets.UTF_8));
	}

	/**
	 * Checks that a record's schema version is one this code reads. A missing header means the current version.
	 * @throws InvalidEventException for any other version
	 */
	public static void requireSupportedSchemaVersion(Headers headers) {
		Optional<String> version = lastValue(headers, SCHEMA_VERSION);
		if (version.isPresent() && !version.get().trim().equals(Integer.toString(TicketOrderPlaced.SCHEMA_VERSION))) {
			throw new InvalidEventException("unsupported schema version '" + version.get() + "' (this reader knows "
					+ TicketOrderPlaced.SCHEMA_VERSION + ")");
		}
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
