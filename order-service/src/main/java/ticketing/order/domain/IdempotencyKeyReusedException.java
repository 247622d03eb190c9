package ticketing.order.domain;

/** An Idempotency-Key was sent again with a different request body. */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException(String key) {
		super("The Idempotency-Key '" + key + "' was already used for a different request; use a new key for a new "
				+ "order, or repeat the original request unchanged");
	}

}
