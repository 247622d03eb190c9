package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

class WarmUpTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	@Test
	void shouldCallTheRateSteadyWhenThreeWindowsAreWithinFivePercentOfTheThreeBefore() {
		// a plateau with one window's noise of 15%
		assertThat(WarmUp.steady(List.of(900.0, 1000.0, 850.0, 980.0, 870.0, 930.0))).isTrue();
		// still climbing: 268 on average against 145
		assertThat(WarmUp.steady(List.of(90.0, 138.0, 208.0, 270.0, 247.0, 288.0))).isFalse();
		// a rate that falls is not steady either (a dip in the middle of the JIT's work, measured on 7 December)
		assertThat(WarmUp.steady(List.of(512.0, 491.0, 426.0, 351.0, 392.0, 519.0))).isFalse();
		assertThat(WarmUp.steady(List.of(500.0, 500.0, 500.0, 400.0, 400.0, 400.0))).isFalse();
		assertThat(WarmUp.steady(List.of(1000.0, 1000.0, 1000.0, 1000.0, 1000.0))).isFalse();
		assertThat(WarmUp.steady(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0))).isFalse();
	}

	@Test
	void shouldLoadUntilTheRateStopsClimbingButNoLessThanTheMinimum() throws InterruptedException {
		// Given an API that speeds up over its first windows (as the JIT compilers of the stack finish), then holds
		Windows api = new Windows(90, 138, 208, 270, 247, 288, 450, 700, 820, 860, 840, 870, 850, 900, 880);

		// When warmed up for at least 30 s
		WarmUp.Result result = WarmUp.run(api, WINDOW, Duration.ofSeconds(30), Duration.ofMinutes(5));

		// Then it stops at the first three windows within 5% of the three before (873 against 840)
		assertThat(result.steady()).isTrue();
		assertThat(result.ordersPerSecond()).containsExactly(90.0, 138.0, 208.0, 270.0, 247.0, 288.0, 450.0, 700.0,
				820.0, 860.0, 840.0, 870.0, 850.0, 900.0);
		assertThat(api.windows).containsOnly(WINDOW);

		// and a minimum longer than that is kept even when the rate is steady from the start
		WarmUp.Result atLeast = WarmUp.run(new Windows(500, 500, 500, 500, 500, 500, 500, 500, 500), WINDOW,
				Duration.ofSeconds(80), Duration.ofMinutes(5));
		assertThat(atLeast.ordersPerSecond()).hasSize(8);
	}

	@Test
	void shouldStopAtTheMaximumAndSaySoWhenTheRateNeverSettles() throws InterruptedException {
		// Given an API that keeps climbing
		Windows api = new Windows(100, 200, 300, 400, 500, 600, 700, 800, 900);

		// When the maximum is 80 s
		WarmUp.Result result = WarmUp.run(api, WINDOW, Duration.ofSeconds(10), Duration.ofSeconds(80));

		// Then eight windows ran and the result says it was not steady
		assertThat(result.ordersPerSecond()).hasSize(8);
		assertThat(result.steady()).isFalse();
		assertThat(result.summary()).contains("the maximum, not steady");
	}

	/** An API whose successive windows run at the given rates. */
	private static final class Windows implements WarmUp.Window {

		private final Iterator<Double> rates;

		private final List<Duration> windows = new ArrayList<>();

		Windows(double... rates) {
			List<Double> list = new ArrayList<>();
			for (double rate : rates) {
				list.add(rate);
			}
			this.rates = list.iterator();
		}

		@Override
		public double run(Duration window) {
			windows.add(window);
			return rates.next();
		}

	}

}
