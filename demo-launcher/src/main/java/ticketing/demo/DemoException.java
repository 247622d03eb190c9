package ticketing.demo;

/** Something the person running the demo can fix; its message says what happened and what to do. */
public class DemoException extends RuntimeException {

	DemoException(String message) {
		super(message);
	}

	DemoException(String message, Throwable cause) {
		super(message, cause);
	}

}
