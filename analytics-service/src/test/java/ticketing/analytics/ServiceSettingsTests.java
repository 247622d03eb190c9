package ticketing.analytics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import ticketing.analytics.lake.LakeSettings;
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
			.getBean(LakeSettings.class)
			.satisfies((lake) -> assertThat(lake.maxRecords()).isPositive()));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ticketing.lake.max-records=0                            | maxRecords           | must be greater than or equal to 1
			ticketing.lake.max-bytes=0B                             | maxBytesPositive     | max-bytes must be at least 1B
			ticketing.lake.concurrency=0                            | concurrency          | must be greater than or equal to 1
			ticketing.lake.s3.call-timeout=0s                       | s3.callTimeout       | must be longer than or equal to 1 milli
			ticketing.streams.scalping.window-size=0s               | scalping.windowSize  | must be longer than or equal to 1 milli
			ticketing.streams.scalping.threshold=0                  | scalping.threshold   | must be greater than or equal to 1
			ticketing.streams.topics.orders=                        | topics.orders        | must not be blank
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
			.containsKeys("ticketing.lake.max-records", "ticketing.lake.s3.endpoint",
					"ticketing.streams.scalping.window-size")
			.allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
	}

	@ConfigurationPropertiesScan
	static class Settings {

	}

}
