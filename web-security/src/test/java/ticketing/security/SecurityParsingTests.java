package ticketing.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two checks that replace regular expressions on every request (HeaderTokenResolver, the firewall's header rule)
 * decide exactly as Spring Security's own do, on the edge cases and on many random values.
 */
class SecurityParsingTests {

	private static final Pattern FIREWALL_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private final Random random = new Random(19);

	@Test
	void shouldResolveEveryAuthorizationHeaderAsSpringSecuritysResolverDoes() {
		List<String> headers = new ArrayList<>(List.of("Bearer abc", "bearer abc", "BEARER abc.def-ghi_jkl~mno+p/q==",
				"Bearer abc=", "Bearer abc=def", "Bearer ", "Bearer", "Bearer  abc", "Bearer\tabc", "Bearer abc ",
				"Bearerabc", "Basic dXNlcjpwYXNz", "Bear", "", "Bearer =", "Bearer a===", "Bearer ä", "Bearer a\u0000",
				"Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDAifQ.c2lnbmF0dXJl"));
		String alphabet = "aZ09-._~+/= \t\"ä\u0000,;Bb";
		for (int i = 0; i < 5_000; i++) {
			StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "bEaReR");
			for (int length = random.nextInt(12); length > 0; length--) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			headers.add(header.toString());
		}

		for (String header : headers) {
			assertThat(outcome(new HeaderTokenResolver(), header)).as("'%s'", header)
				.isEqualTo(outcome(new DefaultBearerTokenResolver(), header));
		}
	}

	@Test
	void shouldAllowTheHeaderValuesSpringSecuritysFirewallAllows() {
		Predicate<String> ours = ServiceSecurityAutoConfiguration::isAssignedAndNotControl;
		List<String> values = new ArrayList<>(List.of("", "plain", "tab\there", "new\nline", "del\u007F", "c1\u0085",
				"nbsp\u00A0", "unassigned\u0378", "emoji\uD83C\uDFAB", "lone surrogate\uD83C", "private\uE000",
				"Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDAifQ.c2lnbmF0dXJl"));
		for (int i = 0; i < 20_000; i++) {
			StringBuilder value = new StringBuilder();
			for (int length = random.nextInt(6); length > 0; length--) {
				value.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x300) : random.nextInt(0x110000));
			}
			values.add(value.toString());
		}

		for (String value : values) {
			assertThat(ours.test(value)).as("'%s'", value).isEqualTo(FIREWALL_DEFAULT.matcher(value).matches());
		}
	}

	/** The token, or "malformed" when the resolver refuses the header, or null when it finds no bearer token. */
	private static String outcome(BearerTokenResolver resolver, String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		request.addHeader("Authorization", header);
		try {
			return resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return "malformed: " + ex.getError().getDescription();
		}
	}

}
