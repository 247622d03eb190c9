package ticketing.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import ticketing.security.issuer.TokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokensTests {

	private static final TokenIssuer ISSUER = TokenIssuer.generate();

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));

	private final BearerTokens tokens = new BearerTokens(ISSUER, now::get);

	@Test
	void shouldSignOneTokenPerUserAndKeepIt() {
		// When user 7's token is asked for twice, and user 8's once
		String first = tokens.user(7);
		String again = tokens.user(7);
		String other = tokens.user(8);

		// Then user 7 gets the same bearer token both times, naming them, and user 8 one of their own
		assertThat(first).startsWith("Bearer ").isSameAs(again);
		assertThat(claims(first)).contains("\"sub\":\"7\"").contains("\"roles\":[]");
		assertThat(claims(other)).contains("\"sub\":\"8\"");
	}

	@Test
	void shouldSignANewTokenOnceHalfTheLifetimeHasPassed() {
		// Given user 7's token
		String first = tokens.user(7);

		// When just under half its lifetime has passed, then just over
		now.set(now.get().plus(BearerTokens.LIFETIME.dividedBy(2)).minusSeconds(1));
		String before = tokens.user(7);
		now.set(now.get().plus(Duration.ofSeconds(2)));
		String after = tokens.user(7);

		// Then the first is still used, then a new one, issued now
		assertThat(before).isSameAs(first);
		assertThat(after).isNotEqualTo(first);
		assertThat(claims(after)).contains("\"sub\":\"7\"").contains("\"iat\":" + now.get().getEpochSecond());
	}

	static String claims(String authorization) {
		String token = authorization.substring("Bearer ".length());
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
	}

}
