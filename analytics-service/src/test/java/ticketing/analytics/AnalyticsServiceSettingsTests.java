package ticketing.analytics;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import ticketing.testsupport.settings.ServiceSettingsTests;

/** analytics-service's settings: checked as it starts, described for IDEs (see {@link ServiceSettingsTests}). */
class AnalyticsServiceSettingsTests extends ServiceSettingsTests {

	@Override
	protected Class<?> settings() {
		return Settings.class;
	}

	@Override
	protected List<String> describedProperties() {
		return List.of("ticketing.lake.max-records", "ticketing.lake.s3.endpoint",
				"ticketing.streams.scalping.window-size");
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
		assertRefused(setting, field, reason);
	}

	@ConfigurationPropertiesScan
	static class Settings {

	}

}
