package ticketing.notification.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header; springdoc-openapi derives the rest from the controllers (/v3/api-docs). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String BEARER = "bearer";

	@Bean
	OpenAPI notificationServiceApi() {
		return new OpenAPI().info(new Info().title("notification-service")
			.version("1")
			.description("Each user's latest purchase, kept in Redis from the ticket-order topic (read_committed, "
					+ "exactly once), with the streaming page of what they bought. Every request needs a bearer "
					+ "token (JWT): the user's own, or an operator's. Every error is an RFC 9457 problem detail "
					+ "(application/problem+json)."))
			// Every operation needs the token: Swagger UI then asks for it once (Authorize) and sends it with each
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
