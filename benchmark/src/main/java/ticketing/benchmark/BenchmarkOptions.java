package ticketing.benchmark;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How much the benchmark does. {@code --quick} is a smoke run of about two minutes; the default a few minutes on a
 * 2-core machine.
 * @param ordersPerLevel orders placed at each concurrency level of the API load
 * @param maxPerLevel    the time bound of one load level (it ends early when it is reached)
 * @param warmUp         the least time the API is loaded at concurrency 16 before anything is measured
 * @param warmUpMax      the most: the warm-up ends before when the rate is steady ({@link WarmUp})
 * @param warmUpWindow   the warm-up's unit of measure: a rate per window
 * @param e2eSamples     orders placed one at a time for the end-to-end latencies
 * @param burst          orders inserted directly into PostgreSQL for the relay's throughput
 * @param topicBacklog   events written straight into ticket-order for the consumers' throughput (and the
 *                       reference consumer's and Redis's, on the same events)
 * @param perfRecords    records of Kafka's producer and consumer perf tests
 * @param e2eRecords     round trips of Kafka's end-to-end latency tool
 * @param pgbenchSeconds duration of each pgbench run
 * @param openLoopLevel  duration of each open-loop level (10%, 50% and 90% of the API's closed-loop maximum)
 * @param rush           duration of the ticket rush (closed loop at concurrency 64, 10,000 users)
 * @param root           the repository root (for setup/bin)
 * @param resultsDir     where the JSON and Markdown results go
 * @param apiOnly        only the API load and pgbench (e.g. to compare a run with the relay disabled)
 * @param consumersOnly  only the consumers on a topic backlog and the limits under them (Kafka, Redis)
 */
record BenchmarkOptions(int ordersPerLevel, Duration maxPerLevel, Duration warmUp, Duration warmUpMax,
		Duration warmUpWindow, int e2eSamples, int burst, int topicBacklog,
		int perfRecords,
		int e2eRecords, int pgbenchSeconds, Duration openLoopLevel, Duration rush, Path root, Path resultsDir,
		boolean apiOnly, boolean consumersOnly) {

	static final String USAGE = "usage: ./benchmark.sh [--orders N] [--quick] [--api-only | --consumers-only]";

	static BenchmarkOptions parse(String[] args, Path root, Path resultsDir) {
		boolean quick = false;
		boolean apiOnly = false;
		boolean consumersOnly = false;
		Integer orders = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--quick")) {
				quick = true;
			}
			else if (arg.equals("--api-only")) {
				apiOnly = true;
			}
			else if (arg.equals("--consumers-only")) {
				consumersOnly = true;
			}
			else if (arg.equals("--orders") && i + 1 < args.length) {
				orders = positive(args[++i]);
			}
			else if (arg.startsWith("--orders=")) {
				orders = positive(arg.substring("--orders=".length()));
			}
			else {
				throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
			}
		}
		if (apiOnly && consumersOnly) {
			throw new IllegalArgumentException("--api-only and --consumers-only exclude each other\n" + USAGE);
		}
		if (quick) {
			return new BenchmarkOptions(orders != null ? orders : 400, Duration.ofSeconds(15), Duration.ofSeconds(10),
					Duration.ofSeconds(30), Duration.ofSeconds(5), 15, 20_000, 20_000,
					20_000, 2_000, 5, Duration.ofSeconds(5), Duration.ofSeconds(5), root, resultsDir, apiOnly,
					consumersOnly);
		}
		// Each level lasts about 20 s: 2,000 orders, as until 7 December, took under 5 s at concurrency 16 once warm.
		return new BenchmarkOptions(orders != null ? orders : 20_000, Duration.ofSeconds(20),
				Duration.ofMinutes(3), Duration.ofMinutes(7), Duration.ofSeconds(10), 60, 100_000, 200_000,
				100_000, 5_000, 15, Duration.ofSeconds(10), Duration.ofSeconds(20), root, resultsDir,
				apiOnly, consumersOnly);
	}

	private static int positive(String value) {
		int n;
		try {
			n = Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--orders needs a number, not " + value + "\n" + USAGE);
		}
		if (n < 1) {
			throw new IllegalArgumentException("--orders needs a positive number\n" + USAGE);
		}
		return n;
	}

}
