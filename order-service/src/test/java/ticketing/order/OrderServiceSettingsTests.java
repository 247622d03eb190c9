package ticketing.order;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import ticketing.order.api.ApiProperties;
import ticketing.order.domain.IdempotencyProperties;
import ticketing.order.relay.RelayProperties;
import ticketing.order.relay.TopicProperties;
import ticketing.order.sample.SampleDataProperties;
import ticketing.testsupport.settings.ServiceSettingsTests;

/** order-service's settings: checked as it starts, described for IDEs (see {@link ServiceSettingsTests}). */
class OrderServiceSettingsTests extends ServiceSettingsTests {

	@Override
	protected Class<?> settings() {
		return Settings.class;
	}

	@Override
	protected List<String> describedProperties() {
		return List.of("ticketing.order.relay.batch-size", "ticketing.order.idempotency.retention",
				"ticketing.order.api.max-body-size", "ticketing.sample-data.enabled");
	}

	@Test
	void shouldRefuseToStartWithARelayBatchOfZeroRows() {
		assertRefused("ticketing.order.relay.batch-size=0", "batchSize", "must be greater than or equal to 1");
	}

	@Test
	void shouldRefuseABatchWhoseProgressRecordCouldExceedKafkasLargestRecord() {
		assertRefused("ticketing.order.relay.batch-size=10001", "batchSize",
				"must be at most 10000: the progress record names every event");
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
		assertRefused(setting, field, reason);
	}

	@EnableConfigurationProperties({ RelayProperties.class, TopicProperties.class, IdempotencyProperties.class,
			ApiProperties.class, SampleDataProperties.class })
	static class Settings {

	}

}
