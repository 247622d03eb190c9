package ticketing.security;

/** The roles a token can grant in its {@code roles} claim. A token without one is a user's. */
public final class Roles {

	/** Runs the shop: reads analytics and metrics, and any user's orders. */
	public static final String OPERATOR = "operator";

	private Roles() {
	}

}
