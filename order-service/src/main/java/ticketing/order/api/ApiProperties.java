package ticketing.order.api;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * REST API limits.
 *
 * @param maxBodySize largest accepted request body (a larger one is answered 413)
 * @param rateLimit   how many orders one user may place, per instance of the service
 */
@ConfigurationProperties("ticketing.order.api")
@Validated
public record ApiProperties(@NotNull DataSize maxBodySize, @Valid @NotNull RateLimit rateLimit) {

	/**
	 * A token bucket per user: {@code burst} orders at once, then one more every {@code refillEvery}; an order over
	 * it is answered 429 with Retry-After.
	 *
	 * @param enabled     whether orders are limited at all
	 * @param burst       orders a user may place at once
	 * @param refillEvery how long it takes to earn one more order, up to burst
	 */
	public record RateLimit(boolean enabled, @Positive int burst, @NotNull Duration refillEvery) {

		public RateLimit {
			if (refillEvery != null && (refillEvery.isNegative() || refillEvery.isZero())) {
				throw new IllegalArgumentException("ticketing.order.api.rate-limit.refill-every must be positive");
			}
		}

	}

}
