package ticketing.order.domain;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency-Key settings.
 *
 * @param retention       how long a key is remembered
 * @param cleanupInterval how often expired keys are deleted
 */
@ConfigurationProperties("ticketing.order.idempotency")
@Validated
public record IdempotencyProperties(@NotNull @DurationMin(millis = 1) Duration retention,
		@NotNull @DurationMin(millis = 1) Duration cleanupInterval) {

}
