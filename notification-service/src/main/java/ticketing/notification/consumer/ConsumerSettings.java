package ticketing.notification.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the consumer reads and how it handles failures. The group id, isolation level and commit settings are
 * Spring Boot's {@code spring.kafka.consumer.*}.
 *
 * @param topic                 the topic of ticket orders
 * @param deadLetterTopic       where poison records go, same partition (it needs as many partitions as the topic)
 * @param retryInitialInterval  first wait before retrying a transient failure (Redis down); it doubles each time
 * @param retryMaxInterval      longest wait between retries; retries never stop
 * @param rebuild               delete Redis's read positions at start, so that the group reads the topic again from
 *                              its beginning (not needed after Redis lost its data: the service notices by itself)
 */
@ConfigurationProperties("notification.consumer")
record ConsumerSettings(String topic, String deadLetterTopic, Duration retryInitialInterval, Duration retryMaxInterval,
		boolean rebuild) {
}
