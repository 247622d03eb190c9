package ticketing.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:00:00Z"));

	/** The tokens the real decoder was asked to check, in order. */
	private final List<String> checked = new ArrayList<>();

	/** Accepts "good-*" tokens, expiring in an hour (or never, for "good-forever"); refuses anything else. */
	private final JwtDecoder decoder = (token) -> {
		checked.add(token);
		if (!token.startsWith("good-")) {
			throw new BadJwtException("bad signature");
		}
		if (clock.instant().isAfter(Instant.parse("2026-12-08T12:00:00Z"))) {
			throw new BadJwtException("expired");
		}
		Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("100")
			.issuedAt(Instant.parse("2026-12-08T10:00:00Z"));
		if (!token.equals("good-forever")) {
			jwt.expiresAt(Instant.parse("2026-12-08T11:00:00Z"));
		}
		return jwt.build();
	};

	private final VerifiedTokenCache cache = new VerifiedTokenCache(decoder, 100, clock);

	@Test
	void shouldCheckAnAcceptedTokenOnceUntilItExpires() {
		Jwt first = cache.decode("good-a");
		Jwt again = cache.decode("good-a");

		assertThat(again).isSameAs(first);
		assertThat(checked).containsExactly("good-a");
	}

	@Test
	void shouldSendAnExpiredTokenBackToTheDecoder() {
		cache.decode("good-a");

		clock.set(Instant.parse("2026-12-08T11:00:00Z"));
		cache.decode("good-a");
		clock.set(Instant.parse("2026-12-08T12:00:01Z"));

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("good-a"))
			.withMessage("expired");
		assertThat(checked).containsExactly("good-a", "good-a", "good-a");
	}

	@Test
	void shouldNeverKeepARefusedTokenNorOneWithoutExpiry() {
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("forged"));
			cache.decode("good-forever");
		}

		assertThat(checked).containsExactly("forged", "good-forever", "forged", "good-forever");
		assertThat(cache.size()).isZero();
	}

	@Test
	void shouldKeepNoMoreTokensThanItsSize() {
		for (int i = 0; i < 1_000; i++) {
			cache.decode("good-" + i);
		}

		assertThat(cache.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void shouldTellTokensApartByTheirWholeValue() {
		Jwt a = cache.decode("good-a");
		Jwt b = cache.decode("good-b");

		assertThat(a.getTokenValue()).isEqualTo("good-a");
		assertThat(b.getTokenValue()).isEqualTo("good-b");
		assertThat(checked).containsExactly("good-a", "good-b");
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void set(Instant instant) {
			this.now = instant;
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public long millis() {
			return now.toEpochMilli();
		}

	}

}
