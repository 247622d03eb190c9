package ticketing.order.api;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stops a scalper's burst at the door: each user has a token bucket of {@code burst} orders that refills one order
 * every {@code refillEvery}. The Streams detector of analytics-service reports such buyers after the fact; this
 * refuses their orders before they cost a database transaction. The buckets live in this instance's memory: with n
 * instances behind a load balancer a user gets up to n times the rate, a bound that keeps the check free of a
 * database or Redis round trip on the hot path.
 */
@Component
class OrderRateLimiter {

	/** A full bucket says nothing a missing one would not, so past this many users the full ones are dropped. */
	private static final int MAX_TRACKED_USERS = 100_000;

	private final ApiProperties.RateLimit limit;

	private final long refillNanos;

	private final LongSupplier clock;

	private final Counter refused;

	private final ConcurrentMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

	@Autowired
	OrderRateLimiter(ApiProperties properties, MeterRegistry registry) {
		this(properties.rateLimit(), registry, System::nanoTime);
	}

	OrderRateLimiter(ApiProperties.RateLimit limit, MeterRegistry registry, LongSupplier clock) {
		this.limit = limit;
		this.refillNanos = limit.refillEvery().toNanos();
		this.clock = clock;
		this.refused = Counter.builder("ticketing.orders.rate-limited")
			.description("Orders refused with 429 because their user placed too many too fast")
			.register(registry);
	}

	/** Takes one order from the user's bucket, or throws {@link OrderRateLimitedException} when it is empty. */
	void acquire(long userId) {
		if (!limit.enabled()) {
			return;
		}
		long now = clock.getAsLong();
		Bucket bucket = buckets.compute(userId, (user, current) -> refilled(current, now).take());
		if (!bucket.granted()) {
			refused.increment();
			long waitNanos = refillNanos - (now - bucket.refilledAt());
			throw new OrderRateLimitedException(userId, limit.burst(), limit.refillEvery(),
					Duration.ofNanos(Math.max(waitNanos, 0)));
		}
		if (buckets.size() > MAX_TRACKED_USERS) {
			buckets.values().removeIf((idle) -> refilled(idle, now).tokens() >= limit.burst());
		}
	}

	private Bucket refilled(Bucket bucket, long now) {
		if (bucket == null) {
			return new Bucket(limit.burst(), now, true);
		}
		long earned = (now - bucket.refilledAt()) / refillNanos;
		if (earned == 0) {
			return bucket;
		}
		int tokens = (int) Math.min(limit.burst(), bucket.tokens() + earned);
		// A full bucket starts its next refill now; otherwise the part of a refill already waited for is kept
		long refilledAt = (tokens == limit.burst()) ? now : bucket.refilledAt() + earned * refillNanos;
		return new Bucket(tokens, refilledAt, true);
	}

	/** Orders left, when the last one was earned, and whether the last take got one. */
	private record Bucket(int tokens, long refilledAt, boolean granted) {

		Bucket take() {
			return (tokens > 0) ? new Bucket(tokens - 1, refilledAt, true) : new Bucket(0, refilledAt, false);
		}

	}

}
