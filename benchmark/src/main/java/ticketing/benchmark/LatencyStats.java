package ticketing.benchmark;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** Percentiles in milliseconds from a histogram of microseconds. */
record LatencyStats(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

	/** Up to one hour, three significant digits. */
	static Histogram newHistogram() {
		return new Histogram(TimeUnit.HOURS.toMicros(1), 3);
	}

	static LatencyStats of(Histogram micros) {
		if (micros.getTotalCount() == 0) {
			return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		return new LatencyStats(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
				ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
	}

	private static double ms(long micros) {
		return micros / 1000.0;
	}

	String json() {
		return String.format(Locale.ROOT, "{\"count\":%d,\"p50_ms\":%s,\"p99_ms\":%s,\"p999_ms\":%s,\"max_ms\":%s}", count,
				Json.number(p50Ms), Json.number(p99Ms), Json.number(p999Ms), Json.number(maxMs));
	}

}
