package ticketing.order.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import ticketing.security.AccessRules;

/**
 * Who may call the order API: the catalogue and the API's documentation are public; orders and users need a token,
 * and each handler checks that its caller reads only their own (see {@link ticketing.security.Caller}).
 */
@Configuration(proxyBeanMethods = false)
class OrderAccessRules {

	@Bean
	AccessRules orderApiAccess() {
		return (requests) -> requests.requestMatchers(HttpMethod.GET, "/contents").permitAll()
			.requestMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll();
	}

}
