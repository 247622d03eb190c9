package ticketing.notification.consumer;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
@Validated
record ConsumerSettings(@NotBlank String topic, @NotBlank String deadLetterTopic,
		@NotNull @DurationMin(millis = 1) Duration retryInitialInterval,
		@NotNull @DurationMin(millis = 1) Duration retryMaxInterval, boolean rebuild) {
}
