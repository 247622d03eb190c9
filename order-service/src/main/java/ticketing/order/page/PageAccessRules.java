package ticketing.order.page;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import ticketing.security.AccessRules;

/**
 * The page itself, its settings and the demo's sign-in need no token (the page asks for one, and the orders and
 * purchases it shows need it); everything else keeps its own rules.
 */
@Configuration(proxyBeanMethods = false)
class PageAccessRules {

	@Bean
	AccessRules pageAccess() {
		return (requests) -> requests
			.requestMatchers(HttpMethod.GET, "/", "/index.html", "/operator.html", "/page/**", "/page-settings",
					"/favicon.ico", "/demo/users")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/demo/sign-in")
			.permitAll();
	}

}
