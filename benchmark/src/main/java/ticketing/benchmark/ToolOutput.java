package ticketing.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the summary numbers out of what pgbench and Kafka's perf tools print. */
final class ToolOutput {

	private ToolOutput() {
	}

	/** pgbench: "tps = 1234.5 (without initial connection time)" and "latency average = 12.3 ms". */
	record Pgbench(double tps, double latencyAverageMs) {

		String json() {
			return String.format(Locale.ROOT, "{\"tps\":%s,\"latency_average_ms\":%s}", Json.number(tps),
					Json.number(latencyAverageMs));
		}

	}

	static Pgbench pgbench(String output) {
		return new Pgbench(number(output, "tps = ([0-9.]+)"), number(output, "latency average = ([0-9.]+) ms"));
	}

	/**
	 * ProducerPerformance's last summary line: "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max
	 * latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
	 */
	record Producer(double recordsPerSecond, double avgLatencyMs, double p50Ms, double p99Ms, double p999Ms) {

		String json() {
			return String.format(Locale.ROOT,
					"{\"records_per_s\":%s,\"avg_latency_ms\":%s,\"p50_ms\":%s,\"p99_ms\":%s,\"p999_ms\":%s}",
					Json.number(recordsPerSecond), Json.number(avgLatencyMs), Json.number(p50Ms), Json.number(p99Ms),
					Json.number(p999Ms));
		}

	}

	static Producer producer(String output) {
		String summary = "";
		for (String line : output.split("\n")) {
			if (line.contains("records sent") && line.contains("99.9th")) {
				summary = line; // the last one is the whole run
			}
		}
		return new Producer(number(summary, "([0-9.]+) records/sec"), number(summary, "([0-9.]+) ms avg latency"),
				number(summary, "([0-9.]+) ms 50th"), number(summary, "([0-9.]+) ms 99th"),
				number(summary, "([0-9.]+) ms 99\\.9th"));
	}

	/**
	 * ConsumerPerformance: a header line "start.time, end.time, ..., nMsg.sec, ..., fetch.nMsg.sec" and one line of
	 * values. fetch.nMsg.sec excludes the group join (rebalance) time, as the services' steady consumption does.
	 */
	record Consumer(long records, double recordsPerSecond, double fetchRecordsPerSecond) {

		String json() {
			return String.format(Locale.ROOT, "{\"records\":%d,\"records_per_s\":%s,\"fetch_records_per_s\":%s}",
					records, Json.number(recordsPerSecond), Json.number(fetchRecordsPerSecond));
		}

	}

	static Consumer consumer(String output) {
		List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
		for (int i = 0; i + 1 < lines.size(); i++) {
			if (lines.get(i).startsWith("start.time")) {
				List<String> names = List.of(lines.get(i).split(",\\s*"));
				String[] values = lines.get(i + 1).split(",\\s*");
				return new Consumer((long) value(names, values, "data.consumed.in.nMsg"),
						value(names, values, "nMsg.sec"), value(names, values, "fetch.nMsg.sec"));
			}
		}
		return new Consumer(0, Double.NaN, Double.NaN);
	}

	/** EndToEndLatency: "Avg latency: 3.1 ms" and "Percentiles: 50th = 2, 99th = 9, 99.9th = 20". */
	record EndToEnd(double avgMs, double p50Ms, double p99Ms, double p999Ms) {

		String json() {
			return String.format(Locale.ROOT, "{\"avg_ms\":%s,\"p50_ms\":%s,\"p99_ms\":%s,\"p999_ms\":%s}",
					Json.number(avgMs), Json.number(p50Ms), Json.number(p99Ms), Json.number(p999Ms));
		}

	}

	static EndToEnd endToEnd(String output) {
		return new EndToEnd(number(output, "Avg latency: ([0-9.]+)"), number(output, "50th = ([0-9.]+)"),
				number(output, "99th = ([0-9.]+)"), number(output, "99\\.9th = ([0-9.]+)"));
	}

	private static double value(List<String> names, String[] values, String name) {
		int i = names.indexOf(name);
		if (i < 0 || i >= values.length) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(values[i].strip());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private static double number(String text, String regex) {
		Matcher m = Pattern.compile(regex).matcher(text);
		return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
	}

}
