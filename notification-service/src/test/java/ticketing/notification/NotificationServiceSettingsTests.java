package ticketing.notification;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import ticketing.testsupport.settings.ServiceSettingsTests;

/** notification-service's settings: checked as it starts, described for IDEs (see {@link ServiceSettingsTests}). */
class NotificationServiceSettingsTests extends ServiceSettingsTests {

	@Override
	protected Class<?> settings() {
		return Settings.class;
	}

	@Override
	protected List<String> describedProperties() {
		return List.of("notification.consumer.topic", "notification.redis.key-prefix",
				"notification.streaming.url-template");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			notification.consumer.topic=                            | topic                | must not be blank
			notification.consumer.retry-initial-interval=0s         | retryInitialInterval | must be longer than or equal to 1 milli
			notification.redis.key-prefix=                          | keyPrefix            | must not be blank
			notification.streaming.url-template=https://example.com | urlTemplate          | with {contentId} in it
			""")
	void shouldRefuseValuesThatCannotWork(String setting, String field, String reason) {
		assertRefused(setting, field, reason);
	}

	@ConfigurationPropertiesScan
	static class Settings {

	}

}
