package ticketing.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The bearer token of the {@code Authorization} header, read as Spring Security's {@link DefaultBearerTokenResolver}
 * reads it (RFC 6750's {@code b64token}: {@code Bearer}, any case, one space, then {@code [A-Za-z0-9-._~+/]+=*};
 * anything else after {@code Bearer} is a malformed token, 401), with a loop over the characters instead of its
 * case-insensitive regular expression: on a token of 500 characters that expression took 14% of order-service's CPU
 * under load (benchmark README, "What security costs"). Tokens in query or form parameters are refused, as the
 * default resolver refuses them unless told otherwise.
 */
final class HeaderTokenResolver implements BearerTokenResolver {

	private static final String BEARER = "Bearer";

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		if (!isBearerCredentials(authorization)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return authorization.substring(BEARER.length() + 1);
	}

	/** {@code Bearer <b64token>}, the whole header value; the scheme's case is already checked. */
	static boolean isBearerCredentials(String authorization) {
		int start = BEARER.length() + 1;
		if (authorization.length() <= start || authorization.charAt(BEARER.length()) != ' ') {
			return false;
		}
		int i = start;
		while (i < authorization.length() && isTokenChar(authorization.charAt(i))) {
			i++;
		}
		if (i == start) {
			return false;
		}
		while (i < authorization.length() && authorization.charAt(i) == '=') {
			i++;
		}
		return i == authorization.length();
	}

	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
