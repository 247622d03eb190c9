package ticketing.order.api;

import java.io.IOException;

/** A request body without Content-Length went past the limit while it was read. */
class RequestBodyTooLargeException extends IOException {

	RequestBodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
	}

}
