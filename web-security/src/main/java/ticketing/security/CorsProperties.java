package ticketing.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which web pages may call a service from a browser (CORS): the shop's page is served by order-service, and its
 * script reads the latest purchase from notification-service and the operator view from analytics-service, each on
 * its own port, so on another origin. Bearer tokens only (no cookies): an allowed origin gains nothing a script
 * without the user's token could use.
 *
 * @param allowedOrigins the origins (scheme, host and port) whose pages may call this service; empty allows none.
 *                       By default the page of order-service on this machine, as {@code ./demo} and compose serve it
 */
@ConfigurationProperties("ticketing.security.cors")
public record CorsProperties(List<String> allowedOrigins) {

	public CorsProperties {
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins)
				: List.of("http://localhost:8080", "http://127.0.0.1:8080");
	}

}
