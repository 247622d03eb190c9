package ticketing.contract;

/**
 * A record on a ticketing topic is not a valid event (not JSON, not an object, a required field missing, an unknown
 * schema version). Such a record can never be processed, however often it is retried: it belongs in the dead-letter
 * topic, with {@link #getMessage()} as the reason.
 */
public class InvalidEventException extends RuntimeException {

	public InvalidEventException(String reason) {
		super(reason);
	}

	public InvalidEventException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
