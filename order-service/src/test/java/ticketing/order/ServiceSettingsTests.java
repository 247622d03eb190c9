package ticketing.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import ticketing.order.api.ApiProperties;
import ticketing.order.domain.IdempotencyProperties;
import ticketing.order.relay.RelayProperties;
import ticketing.order.relay.TopicProperties;
import ticketing.order.sample.SampleDataProperties;
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
			.getBean(RelayProperties.class)
			.satisfies((relay) -> assertThat(relay.batchSize()).isPositive()));
	}

	@Test
	void shouldRefuseToStartWithARelayBatchOfZeroRows() {
		this.runner.withPropertyValues("ticketing.order.relay.batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContainingAll("ticketing.order.relay", "batchSize", "rejected value [0]",
						"must be greater than or equal to 1"));
	}

	@Test
	void shouldRefuseABatchWhoseProgressRecordCouldExceedKafkasLargestRecord() {
		this.runner.withPropertyValues("ticketing.order.relay.batch-size=10001")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContainingAll("batchSize", "must be at most 10000: the progress record names every event"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			ticketing.order.relay.topic=                       | topic                | must not be blank
			ticketing.order.relay.poll-interval=0s             | pollInterval         | must be longer than or equal to 1 milli
			ticketing.order.relay.lease-duration=500ms         | leaseDuration        | must be longer than or equal to 1 second
			ticketing.order.topics.replication-factor=0        | replicationFactor    | must be greater than or equal to 1
			ticketing.order.idempotency.retention=-1s          | retention            | must be longer than or equal to 1 milli
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
		assertThat(ConfigurationMetadata.descriptions()).containsKeys("ticketing.order.relay.batch-size", "ticketing.order.idempotency.retention",
				"ticketing.order.api.max-body-size", "ticketing.sample-data.enabled")
			.allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
	}

	@EnableConfigurationProperties({ RelayProperties.class, TopicProperties.class, IdempotencyProperties.class,
			ApiProperties.class, SampleDataProperties.class })
	static class Settings {

	}

}
