package ticketing.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Loads the API in windows until its rate has stopped climbing, so that what follows measures the JIT-compiled system,
 * as pgbench (a C program) is measured from its first transaction. On 2 cores the nine JVMs of the stack compile their
 * hot paths at once, slowly: measured with {@code wrk} at 16 clients in 10 s windows on a stack just started (7
 * December), order-service placed 134, 221, 367 and 424 orders/s, then held at 340-390 for a minute, then climbed
 * again to 650-800 and, after four minutes, to 1,000-1,250; one client's orders then took 1.5 ms (median) where they
 * took 14-25 ms after the fixed 60 s warm-up of the benchmark until then. So the warm-up lasts at least three minutes
 * (past that plateau), then until the mean of the last {@link #BLOCK} windows is within {@link #TOLERANCE} of the mean of
 * the {@link #BLOCK} before, either way: means of several windows, because one window's rate moves by 10-20% here. A
 * falling rate is not steady either: a run whose rate dipped from 511 to 351 orders/s in its fourth minute, and that
 * stopped there under "no longer climbing", measured a third less at 16 clients and 4.8 ms instead of 1.2 at one.
 */
final class WarmUp {

	static final int BLOCK = 3;

	static final double TOLERANCE = 0.05;

	/** The rate of every window, in order, and whether the last ones were steady (false: the maximum time ended it). */
	record Result(Duration window, List<Double> ordersPerSecond, boolean steady) {

		String json() {
			return String.format(Locale.ROOT, "{\"window_s\":%d,\"steady\":%s,\"orders_per_s\":[%s]}",
					window.toSeconds(), steady,
					ordersPerSecond.stream().map(Json::number).collect(Collectors.joining(",")));
		}

		String summary() {
			return String.format(Locale.ROOT, "%d s of warm-up at concurrency %d (%s); orders/s per %d s window: %s",
					window.toSeconds() * ordersPerSecond.size(), CONCURRENCY,
					steady ? "until steady" : "the maximum, not steady", window.toSeconds(),
					ordersPerSecond.stream().map((rate) -> String.format(Locale.ROOT, "%.0f", rate))
						.collect(Collectors.joining(", ")));
		}

	}

	static final int CONCURRENCY = 16;

	private WarmUp() {
	}

	interface Window {

		/** Loads the API for one window and returns its rate in orders per second. */
		double run(Duration window) throws InterruptedException;

	}

	static Result run(Window load, Duration window, Duration min, Duration max) throws InterruptedException {
		List<Double> rates = new ArrayList<>();
		long minWindows = Math.max(2 * BLOCK, ceilDiv(min, window));
		long maxWindows = Math.max(minWindows, ceilDiv(max, window));
		while (rates.size() < maxWindows) {
			rates.add(load.run(window));
			if (rates.size() >= minWindows && steady(rates)) {
				return new Result(window, List.copyOf(rates), true);
			}
		}
		return new Result(window, List.copyOf(rates), false);
	}

	/** Whether the mean of the last {@link #BLOCK} rates is within {@link #TOLERANCE} of that of the ones before. */
	static boolean steady(List<Double> rates) {
		if (rates.size() < 2 * BLOCK) {
			return false;
		}
		double last = mean(rates.subList(rates.size() - BLOCK, rates.size()));
		double before = mean(rates.subList(rates.size() - 2 * BLOCK, rates.size() - BLOCK));
		return before > 0 && Math.abs(last - before) <= TOLERANCE * before;
	}

	private static double mean(List<Double> rates) {
		return rates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
	}

	private static long ceilDiv(Duration total, Duration window) {
		return (total.toMillis() + window.toMillis() - 1) / window.toMillis();
	}

}
