package ticketing.analytics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ticketing.security.AccessRules;
import ticketing.security.Roles;

/**
 * Who may call analytics-service: the API's documentation is public; the analytics (the lake's summary, the order
 * counts per user, the operator view of the topics) are for operators only, since they show every user's behaviour and no user's own data. Public so
 * that a controller's slice test (WebMvcTest) can import it.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsAccessRules {

	@Bean
	AccessRules analyticsApiAccess() {
		return (requests) -> requests.requestMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			// The query one instance forwards to the owner of a user carries the caller's token, checked again there
			.requestMatchers("/lake/**", "/order-counts/**", "/operator/**")
			.hasRole(Roles.OPERATOR);
	}

}
