package ticketing.analytics;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header; springdoc-openapi derives the rest from the controllers (/v3/api-docs). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI analyticsServiceApi() {
		return new OpenAPI().info(new Info().title("analytics-service")
			.version("1")
			.description("The S3 data lake of every placed order, and Kafka Streams' order counts per user and "
					+ "window. Every error is an RFC 9457 problem detail (application/problem+json)."));
	}

}
