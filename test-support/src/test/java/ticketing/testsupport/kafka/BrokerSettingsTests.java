package ticketing.testsupport.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The tests' clusters run with the same broker settings as ./demo and docker compose. */
class BrokerSettingsTests {

	@Test
	void shouldMatchTheBrokerSettingsOfTheDemo() throws IOException {
		Properties demo = new Properties();
		Path file = Path.of(System.getProperty("user.dir")).resolveSibling("setup").resolve("kafka/broker.properties");
		try (Reader reader = Files.newBufferedReader(file)) {
			demo.load(reader);
		}
		Map<String, String> demoSettings = new HashMap<>();
		demo.forEach((key, value) -> demoSettings.put((String) key, (String) value));

		assertThat(BrokerSettings.PRODUCTION_LIKE).isEqualTo(demoSettings);
	}

}
