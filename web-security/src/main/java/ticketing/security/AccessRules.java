package ticketing.security;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call which endpoints of a service, declared as a bean by the service. The rules every service shares come
 * first (actuator health public, the other actuator endpoints for operators only); any request these rules do not
 * name needs a valid token.
 */
@FunctionalInterface
public interface AccessRules {

	void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests);

}
