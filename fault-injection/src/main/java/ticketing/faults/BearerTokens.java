package ticketing.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ticketing.security.issuer.TokenIssuer;

/**
 * The {@code Authorization} values of the suite's clients, signed with the run's key ({@code RunningSystem#tokens}):
 * one token per user, kept, because signing one costs about a millisecond, as much as the order it would go with. A
 * token is signed again once half its {@link #LIFETIME} has passed, as a careful client renews one before it expires:
 * a long run (a million orders at 20/s is 14 hours) never meets a 401 for an expired token, which the clients would
 * take for a refusal of the order.
 */
final class BearerTokens {

	static final Duration LIFETIME = Duration.ofHours(2);

	private record Signed(String authorization, Instant renewAt) {
	}

	private final TokenIssuer issuer;

	private final InstantSource clock;

	private final Map<Long, Signed> users = new ConcurrentHashMap<>();

	BearerTokens(TokenIssuer issuer) {
		this(issuer, InstantSource.system());
	}

	BearerTokens(TokenIssuer issuer, InstantSource clock) {
		this.issuer = issuer;
		this.clock = clock;
	}

	/** {@code Bearer <token>} of the user: the orders of the token's user are the only ones it may place. */
	String user(long userId) {
		Instant now = clock.instant();
		return users.compute(userId, (user, signed) -> (signed != null && now.isBefore(signed.renewAt())) ? signed
				: new Signed("Bearer " + issuer.token(Long.toString(user), List.of(), now, LIFETIME),
						now.plus(LIFETIME.dividedBy(2))))
			.authorization();
	}

}
