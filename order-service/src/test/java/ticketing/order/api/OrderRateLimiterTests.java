package ticketing.order.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class OrderRateLimiterTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final OrderRateLimiter limiter = new OrderRateLimiter(
			new ApiProperties.RateLimit(true, 3, Duration.ofSeconds(2)), registry, now::get);

	@Test
	void shouldAllowTheBurstThenRefuseWithTheTimeUntilTheNextOrder() {
		for (int i = 0; i < 3; i++) {
			limiter.acquire(7);
		}
		now.addAndGet(Duration.ofMillis(500).toNanos());

		assertThatExceptionOfType(OrderRateLimitedException.class).isThrownBy(() -> limiter.acquire(7))
			.satisfies((refused) -> assertThat(refused.retryAfterSeconds()).isEqualTo(2))
			.withMessageContaining("User 7 placed too many orders too fast: at most 3 at once, then one every 2000 ms");
		assertThat(registry.get("ticketing.orders.rate-limited").counter().count()).isEqualTo(1);
	}

	@Test
	void shouldEarnOneOrderPerRefillIntervalUpToTheBurst() {
		for (int i = 0; i < 3; i++) {
			limiter.acquire(7);
		}
		// one interval: one more order, not two
		now.addAndGet(Duration.ofSeconds(2).toNanos());
		limiter.acquire(7);
		assertThatExceptionOfType(OrderRateLimitedException.class).isThrownBy(() -> limiter.acquire(7));

		// a long pause refills the bucket to the burst, not beyond it
		now.addAndGet(Duration.ofMinutes(10).toNanos());
		for (int i = 0; i < 3; i++) {
			limiter.acquire(7);
		}
		assertThatExceptionOfType(OrderRateLimitedException.class).isThrownBy(() -> limiter.acquire(7));
	}

	@Test
	void shouldKeepPartOfAnIntervalAlreadyWaited() {
		for (int i = 0; i < 3; i++) {
			limiter.acquire(7);
		}
		// 3 s: one order earned, and 1 s of the next interval already waited
		now.addAndGet(Duration.ofSeconds(3).toNanos());
		limiter.acquire(7);
		now.addAndGet(Duration.ofSeconds(1).toNanos());

		assertThatNoException().isThrownBy(() -> limiter.acquire(7));
	}

	@Test
	void shouldCountEachUserApart() {
		for (int i = 0; i < 3; i++) {
			limiter.acquire(7);
		}

		assertThatNoException().isThrownBy(() -> limiter.acquire(8));
		assertThatExceptionOfType(OrderRateLimitedException.class).isThrownBy(() -> limiter.acquire(7));
	}

	@Test
	void shouldLetEveryOrderThroughWhenDisabled() {
		OrderRateLimiter off = new OrderRateLimiter(new ApiProperties.RateLimit(false, 1, Duration.ofHours(1)),
				registry, now::get);

		assertThatNoException().isThrownBy(() -> {
			for (int i = 0; i < 100; i++) {
				off.acquire(7);
			}
		});
	}

}
