package ticketing.analytics.operator;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorViewSettings.class)
class OperatorViewConfiguration {

	/** With the service's own Kafka client settings: its brokers, its user (which may read the topics it shows). */
	@Bean
	NewestRecords newestRecords(KafkaProperties kafka, OperatorViewSettings settings) {
		return new NewestRecords(kafka.buildConsumerProperties(), settings.readTimeout());
	}

}
