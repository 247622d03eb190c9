package ticketing.order.relay;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import ticketing.contract.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/** The default topic names in application.yml are the contract's (and so setup/kafka/topics.conf's). */
class TopicNamesTests {

	@Test
	void shouldDefaultToTheContractsTopicNames() throws IOException {
		PropertySource<?> yaml = new YamlPropertySourceLoader()
			.load("application", new ClassPathResource("application.yml"))
			.get(0);

		assertThat(yaml.getProperty("ticketing.order.relay.topic")).hasToString(Topics.TICKET_ORDER);
		assertThat(yaml.getProperty("ticketing.order.relay.progress-topic")).hasToString(Topics.ORDER_RELAY_OFFSETS);
	}

}
