package ticketing.notification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import ticketing.notification.purchase.PurchaseStoreSettings;
import ticketing.testsupport.ConfigurationMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's settings are checked as it starts: a wrong value stops it with the property, the value and what is
 * wrong with it, instead of a failure later; application.yml's own values pass. And each is described for IDEs.
 */
class ServiceSettingsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Test
	void shouldStartWithTheValuesOfApplicationYml() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.getBean(PurchaseStoreSettings.class)
			.satisfies((redis) -> assertThat(redis.keyPrefix()).isEqualTo("notification:")));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			notification.consumer.topic=                            | topic                | must not be blank
			notification.consumer.retry-initial-interval=0s         | retryInitialInterval | must be longer than or equal to 1 milli
			notification.redis.key-prefix=                          | keyPrefix            | must not be blank
			notification.streaming.url-template=https://example.com | urlTemplate          | with {contentId} in it
			""")
	void shouldRefuseValuesThatCannotWork(String setting, String field, String reason) {
		this.runner.withPropertyValues(setting)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContainingAll("on field '" + field + "'", reason));
	}

	@Test
	void shouldTurnTheSwaggerUiOffInProd() {
		this.runner.run((context) -> assertThat(
				context.getEnvironment().getProperty("springdoc.swagger-ui.enabled", Boolean.class, true))
			.isTrue());
		this.runner.withPropertyValues("spring.profiles.active=prod")
			.run((context) -> assertThat(context.getEnvironment().getProperty("springdoc.swagger-ui.enabled", Boolean.class))
				.isFalse());
	}

	@Test
	void shouldDescribeEverySettingToIdes() {
		assertThat(ConfigurationMetadata.descriptions())
			.containsKeys("notification.consumer.topic", "notification.redis.key-prefix",
					"notification.streaming.url-template")
			.allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
	}

	@ConfigurationPropertiesScan
	static class Settings {

	}

}
