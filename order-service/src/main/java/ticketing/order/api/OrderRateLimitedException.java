package ticketing.order.api;

import java.time.Duration;

/** A user placed more orders than the rate limit allows; answered 429 with Retry-After. */
class OrderRateLimitedException extends RuntimeException {

	private final Duration retryAfter;

	OrderRateLimitedException(long userId, int burst, Duration refillEvery, Duration retryAfter) {
		super("User " + userId + " placed too many orders too fast: at most " + burst + " at once, then one every "
				+ refillEvery.toMillis() + " ms. Retry after " + seconds(retryAfter) + " s");
		this.retryAfter = retryAfter;
	}

	/** Whole seconds to wait, at least 1, as Retry-After counts them. */
	long retryAfterSeconds() {
		return seconds(retryAfter);
	}

	private static long seconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

}
