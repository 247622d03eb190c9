package ticketing.order.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

/**
 * Request bodies are read strictly: an id sent as {@code "7"}, {@code 7.5} or {@code true} is refused with a 400
 * instead of being coerced, and unknown fields are refused (spring.jackson.deserialization in application.yml).
 */
@Configuration(proxyBeanMethods = false)
class JsonStrictness {

	@Bean
	JsonMapperBuilderCustomizer strictRequestBodies() {
		return (builder) -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

}
