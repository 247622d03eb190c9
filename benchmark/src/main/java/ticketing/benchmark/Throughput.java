package ticketing.benchmark;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Watches a counter (records in the lake, updates in Redis) climb by {@code expected} and times it: from the first
 * poll that saw it move (or from a given start) to the first poll that saw it reach the target. The rate is expected / that time, so its
 * resolution is the poll interval.
 */
final class Throughput {

	record Result(long expected, long reached, double seconds, double perSecond) {

		String json() {
			return String.format(Locale.ROOT, "{\"records\":%d,\"reached\":%d,\"seconds\":%s,\"records_per_s\":%s}",
					expected, reached, Json.number(seconds), Json.number(perSecond));
		}

	}

	private final Thread thread;

	private volatile Result result = new Result(0, 0, Double.NaN, Double.NaN);

	private volatile long doneAt = -1;

	Throughput(String name, LongSupplier counter, long baseline, long expected, long pollMillis, long timeoutMillis) {
		this.thread = new Thread(() -> {
			long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
			long firstMoved = -1;
			long value = baseline;
			while (System.nanoTime() < deadline) {
				long now = System.nanoTime();
				value = counter.getAsLong();
				if (firstMoved < 0 && value > baseline) {
					firstMoved = now;
				}
				if (value >= baseline + expected) {
					doneAt = now;
					double seconds = (now - firstMoved) / 1e9;
					result = new Result(expected, value - baseline, seconds, expected / Math.max(seconds, 1e-3));
					return;
				}
				try {
					Thread.sleep(pollMillis);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			result = new Result(expected, value - baseline, Double.NaN, Double.NaN);
		}, name);
		this.thread.start();
	}

	Result await() throws InterruptedException {
		thread.join();
		return result;
	}

	/**
	 * The rate counted from a given moment instead of from the first move: for a counter that moves in big steps (the
	 * lake counts whole objects of up to 500 records), the first step would hide the time spent before it.
	 */
	Result awaitFrom(long startNanos) throws InterruptedException {
		thread.join();
		if (doneAt < 0) {
			return result;
		}
		double seconds = (doneAt - startNanos) / 1e9;
		return new Result(result.expected(), result.reached(), seconds, result.expected() / Math.max(seconds, 1e-3));
	}

	/**
	 * Polls the condition every {@code pollMillis} for at most {@code within}; returns when it held (nanoTime, taken
	 * just before the check that held), or -1.
	 */
	static long awaitNanoTime(BooleanSupplier condition, Duration within, long pollMillis)
			throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			long now = System.nanoTime();
			if (condition.getAsBoolean()) {
				return now;
			}
			Thread.sleep(pollMillis);
		}
		return -1;
	}

}
