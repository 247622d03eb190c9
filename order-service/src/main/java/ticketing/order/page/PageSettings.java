package ticketing.order.page;

import java.net.URI;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shop's web page, served by order-service at {@code /}: where its script finds the other two services, and
 * whether it can sign a visitor in as a sample user.
 *
 * @param notificationServiceUrl where the browser reaches notification-service (the latest purchase)
 * @param analyticsServiceUrl    where the browser reaches analytics-service (the operator view)
 * @param demoSignInKeys         the demo's token key folder ({@code token-signing-key.pem}): set, the page offers
 *                               "sign in as" a sample user or an operator, with tokens signed by that key. Demo only
 *                               ({@code ./demo} and compose set it); unset, as by default, the page asks for a token
 */
@ConfigurationProperties("ticketing.order.page")
public record PageSettings(URI notificationServiceUrl, URI analyticsServiceUrl, @Nullable Path demoSignInKeys) {

	public PageSettings {
		notificationServiceUrl = (notificationServiceUrl != null) ? notificationServiceUrl
				: URI.create("http://localhost:8081");
		analyticsServiceUrl = (analyticsServiceUrl != null) ? analyticsServiceUrl : URI.create("http://localhost:8082");
	}

}
