package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import ticketing.security.issuer.TokenIssuer;

class BearerTokensTests {

	private final BearerTokens tokens = new BearerTokens(TokenIssuer.generate());

	@Test
	void shouldSignEachUsersTokenAheadAndKeepItWithItsHeaderLine() {
		// When the tokens of users 1 to 3 are signed ahead
		tokens.signAhead(LongStream.rangeClosed(1, 3));

		// Then each user's token names them, is the same on every look-up, and its header line carries it
		String first = tokens.user(2);
		assertThat(tokens.user(2)).isSameAs(first);
		assertThat(first).startsWith("Bearer ");
		assertThat(claims(first)).contains("\"sub\":\"2\"").contains("\"roles\":[]");
		assertThat(new String(tokens.headerLine(2), StandardCharsets.US_ASCII))
			.isEqualTo("Authorization: " + first + "\r\n");
	}

	@Test
	void shouldSignAnOperatorsTokenForTheMetersAndTheLake() {
		assertThat(claims(tokens.operator())).contains("\"sub\":\"operator\"").contains("\"roles\":[\"operator\"]");
	}

	static String claims(String authorization) {
		String token = authorization.substring("Bearer ".length());
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
	}

}
