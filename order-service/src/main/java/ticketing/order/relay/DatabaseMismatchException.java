package ticketing.order.relay;

/** The database does not agree with the progress topic: the relay refuses to publish (see {@link ActivationCheck}). */
class DatabaseMismatchException extends RuntimeException {

	DatabaseMismatchException(String message) {
		super(message);
	}

}
