package ticketing.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class CallerTests {

	@Test
	void shouldReadTheUserFromTheSubjectAndTheOperatorFromTheRoles() {
		Caller user = CallerArgumentResolver.of(token("100"));
		Caller operator = CallerArgumentResolver.of(token("operator", "ROLE_operator"));

		assertThat(user).isEqualTo(new Caller(100L, false));
		assertThat(operator).isEqualTo(new Caller(null, true));
	}

	@Test
	void shouldTakeNoSubjectButAPositiveWholeNumberForAUser() {
		for (String subject : List.of("0", "-5", "007", "12345678901234567890", "100 ", "abc")) {
			assertThat(CallerArgumentResolver.of(token(subject)).userId()).as(subject).isNull();
		}
	}

	@Test
	void shouldLetAUserReadOnlyTheirOwnAndAnOperatorAny() {
		Caller user = new Caller(100L, false);
		Caller operator = new Caller(null, true);

		assertThat(user.mayRead(100)).isTrue();
		assertThat(user.mayRead(101)).isFalse();
		assertThat(operator.mayRead(101)).isTrue();
		assertThatNoException().isThrownBy(() -> user.requireMayRead(100));
		assertThatExceptionOfType(ResponseStatusException.class).isThrownBy(() -> user.requireMayRead(101))
			.satisfies((refused) -> assertThat(refused.getStatusCode().value()).isEqualTo(403));
		assertThat(user.requireUser()).isEqualTo(100);
		assertThatExceptionOfType(ResponseStatusException.class).isThrownBy(operator::requireUser)
			.withMessageContaining("not a user id");
	}

	private static JwtAuthenticationToken token(String subject, String... authorities) {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		return new JwtAuthenticationToken(jwt, List.of(authorities).stream().map(SimpleGrantedAuthority::new).toList());
	}

}
