package ticketing.order.api;

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

	@Bean
	OpenAPI orderServiceApi() {
		return new OpenAPI().info(new Info().title("order-service")
			.version("1")
			.description("Places ticket orders and reads the catalogue. Every error is an RFC 9457 problem detail "
					+ "(application/problem+json). Each placed order is published to the ticket-order topic exactly "
					+ "once. Send a bearer token (Authorization: Bearer ...); ./demo prints one, "
					+ "setup/bin/demo-token <userId> prints more."))
			// Swagger UI's Authorize button takes a token, and sends it with every request it tries
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

}
