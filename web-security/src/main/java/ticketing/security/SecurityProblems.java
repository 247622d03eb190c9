package ticketing.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem details, with the {@code WWW-Authenticate: Bearer} header of RFC 6750 that Spring
 * Security's own handlers set. The detail says what to send; it never repeats the token.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		bearerEntryPoint.commence(request, response, authException);
		String detail = (authException instanceof OAuth2AuthenticationException refused)
				? "The bearer token was refused: " + reason(refused)
						+ ". Send a valid token in Authorization: Bearer <token>"
				: "This request needs a bearer token: send Authorization: Bearer <token> from the shop's identity "
						+ "provider (for the demo, setup/bin/demo-token <userId> prints one)";
		write(response, HttpStatus.UNAUTHORIZED, detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		bearerAccessDenied.handle(request, response, accessDeniedException);
		write(response, HttpStatus.FORBIDDEN, "The token is valid but does not allow this request: "
				+ "it needs a role the token does not grant (operator endpoints need the operator role)");
	}

	private static String reason(OAuth2AuthenticationException refused) {
		String description = refused.getError().getDescription();
		return (description != null) ? description : refused.getError().getErrorCode();
	}

	static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":" + quote(status.getReasonPhrase()) + ",\"status\":"
					+ status.value() + ",\"detail\":" + quote(detail) + "}");
	}

	private static String quote(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2).append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

}
