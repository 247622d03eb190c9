package ticketing.notification.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header; springdoc-openapi derives the rest from the controllers (/v3/api-docs). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI notificationServiceApi() {
		return new OpenAPI().info(new Info().title("notification-service")
			.version("1")
			.description("Each user's latest purchase, kept in Redis from the ticket-order topic (read_committed, "
					+ "exactly once), with the streaming page of what they bought. Every error is an RFC 9457 problem "
					+ "detail (application/problem+json)."));
	}

}
