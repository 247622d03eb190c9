package ticketing.order.domain;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Idempotency-Key settings.
 *
 * @param retention       how long a key is remembered
 * @param cleanupInterval how often expired keys are deleted
 */
@ConfigurationProperties("ticketing.order.idempotency")
public record IdempotencyProperties(Duration retention, Duration cleanupInterval) {

}
