package ticketing.order.relay;

/**
 * The active relay found, during its work, that its lease had passed to another instance. That instance fences this
 * relay's producer when it becomes active, so the round is given up at once rather than sent on to be refused.
 */
class LeaseLostException extends RuntimeException {

	LeaseLostException(String owner, String work) {
		super("Relay " + owner + " lost the lease while " + work);
	}

}
