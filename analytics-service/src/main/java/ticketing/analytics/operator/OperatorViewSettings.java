package ticketing.analytics.operator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator view's reads of Kafka.
 *
 * @param readTimeout how long one read of a topic's newest records may take before the view answers 503
 */
@ConfigurationProperties("ticketing.operator-view")
record OperatorViewSettings(Duration readTimeout) {

	OperatorViewSettings {
		readTimeout = (readTimeout != null) ? readTimeout : Duration.ofSeconds(5);
	}

}
