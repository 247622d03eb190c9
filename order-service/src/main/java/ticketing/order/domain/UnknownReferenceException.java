package ticketing.order.domain;

/** An order names a user or content that does not exist. */
public class UnknownReferenceException extends RuntimeException {

	private final String field;

	public UnknownReferenceException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The request field that names the missing thing: userId or contentId. */
	public String field() {
		return field;
	}

	static UnknownReferenceException user(long id) {
		return new UnknownReferenceException("userId", "There is no user " + id + "; GET /users/{id} shows a user");
	}

	static UnknownReferenceException content(long id) {
		return new UnknownReferenceException("contentId",
				"There is no content " + id + "; GET /contents lists the contents on sale");
	}

}
