package ticketing.order.page;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the page's script needs to know before it starts: the other services' addresses, how a visitor signs in. */
@RestController
class PageController {

	private final PageSettings settings;

	PageController(PageSettings settings) {
		this.settings = settings;
	}

	@Operation(summary = "The web page's settings: the other services' URLs, whether the demo's sign-in is on")
	@GetMapping(path = "/page-settings", produces = MediaType.APPLICATION_JSON_VALUE)
	PageSettingsResponse pageSettings() {
		return new PageSettingsResponse(this.settings.notificationServiceUrl().toString(),
				this.settings.analyticsServiceUrl().toString(), this.settings.demoSignInKeys() != null);
	}

	/**
	 * @param notificationServiceUrl notification-service, for the latest purchase
	 * @param analyticsServiceUrl    analytics-service, for the operator view
	 * @param demoSignIn             whether {@code POST /demo/sign-in} signs a visitor in
	 */
	record PageSettingsResponse(String notificationServiceUrl, String analyticsServiceUrl, boolean demoSignIn) {
	}

}
