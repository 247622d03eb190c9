package ticketing.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers tokens the decoder accepted, until they expire: a user's next requests with the same token skip the
 * signature check and the Base64 decoding of its three parts (Nimbus's constant-time decoder: 21% of order-service's
 * CPU under load, benchmark README "What security costs"). Sound because a token is its own key: the exact same
 * string was verified before, and a signature check gives the same answer every time; what does change with time,
 * expiry, is checked again here at every use (strictly: at {@code exp}, without the decoder's clock skew, so an
 * expired token always goes back to the decoder, which refuses it with its own error). Only accepted tokens are kept,
 * so a client cannot fill the cache with garbage; tokens without an expiry are not kept at all. Bounded in entries
 * (a token and its claims are about 2 KB).
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	VerifiedTokenCache(JwtDecoder decoder, long maximumSize, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.writing((String token, Jwt jwt) -> untilExpiry(jwt)))
			.ticker(() -> clock.millis() * 1_000_000)
			.build();
	}

	@Override
	public Jwt decode(String token) {
		Jwt remembered = verified.getIfPresent(token);
		if (remembered != null && unexpired(remembered)) {
			return remembered;
		}
		Jwt jwt = decoder.decode(token);
		if (jwt.getExpiresAt() != null && unexpired(jwt)) {
			verified.put(token, jwt);
		}
		return jwt;
	}

	private boolean unexpired(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && clock.instant().isBefore(expiresAt);
	}

	private Duration untilExpiry(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return (expiresAt == null) ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
	}

	/** How many tokens it holds now (for tests). */
	long size() {
		verified.cleanUp();
		return verified.estimatedSize();
	}

}
