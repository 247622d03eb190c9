package ticketing.testsupport.settings;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service's settings promise, for a test class per service to extend: the service's {@code application.yml}
 * binds and validates as at startup, a value that cannot work stops it with the property, the value and what is wrong
 * with it ({@link #assertRefused}), the Swagger UI is off with the {@code prod} profile, and every setting is described
 * for IDEs.
 */
public abstract class ServiceSettingsTests {

	/** A configuration class that registers the service's {@code @ConfigurationProperties} records. */
	protected abstract Class<?> settings();

	/** Some of the service's own properties, which the metadata must describe. */
	protected abstract List<String> describedProperties();

	/** The service's settings bound from its application.yml, validated as at startup. */
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(settings());
	}

	/** With this one setting changed, the service does not start, naming the field and the reason. */
	protected void assertRefused(String setting, String field, String reason) {
		runner().withPropertyValues(setting)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContainingAll("on field '" + field + "'", reason));
	}

	@Test
	void shouldStartWithTheValuesOfApplicationYml() {
		runner().run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldTurnTheSwaggerUiOffInProd() {
		runner().run((context) -> assertThat(
				context.getEnvironment().getProperty("springdoc.swagger-ui.enabled", Boolean.class, true))
			.isTrue());
		runner().withPropertyValues("spring.profiles.active=prod")
			.run((context) -> assertThat(context.getEnvironment().getProperty("springdoc.swagger-ui.enabled", Boolean.class))
				.isFalse());
	}

	@Test
	void shouldDescribeEverySettingToIdes() {
		assertThat(ConfigurationMetadata.descriptions()).containsKeys(describedProperties().toArray(String[]::new))
			.allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
	}

}
