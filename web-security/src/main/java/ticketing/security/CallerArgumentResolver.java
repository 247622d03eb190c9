package ticketing.security;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a handler method its {@link Caller}, read from the request's validated token. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	private static final String OPERATOR_AUTHORITY = "ROLE_" + Roles.OPERATOR;

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		return of(SecurityContextHolder.getContext().getAuthentication());
	}

	static Caller of(@Nullable Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			// Only an endpoint its rules leave public runs without a token, and such an endpoint has no caller
			throw new IllegalStateException("A handler that takes a Caller must not be public: " + authentication);
		}
		boolean operator = token.getAuthorities()
			.stream()
			.anyMatch((authority) -> OPERATOR_AUTHORITY.equals(authority.getAuthority()));
		return new Caller(Caller.userIdOf(token.getToken().getSubject()), operator);
	}

}
