package ticketing.notification.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ticketing.security.AccessRules;

/**
 * Who may call notification-service: the API's documentation is public; a user's latest purchase needs a token, and
 * the handler checks that it is the user's own or an operator's (see {@link ticketing.security.Caller}).
 */
@Configuration(proxyBeanMethods = false)
class NotificationAccessRules {

	@Bean
	AccessRules notificationApiAccess() {
		return (requests) -> requests.requestMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll();
	}

}
