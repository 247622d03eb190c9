package ticketing.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/** Everything one run measured, and its JSON and Markdown forms. */
final class Results {

	record EndToEnd(LatencyStats kafka, LatencyStats redis, LatencyStats lake) {
	}

	/**
	 * The backlog inserted into PostgreSQL at once: the relay's rate, the consumers' (capped by the relay), and the
	 * relay's Kafka transactions meanwhile (their number and mean duration, begin to commit), with the mean time of
	 * its PostgreSQL reads and stamps.
	 */
	record Burst(Throughput.Result relay, Throughput.Result notification, Throughput.Result lake,
			double relayTransactions, double relayTransactionMs, double relayReadMs, double relayStampMs) {
	}

	/**
	 * The consumers on a backlog written straight into the topic: their own rate, not the relay's; and the limits
	 * under them on the same events: Kafka's reference consumer, and Redis running notification-service's script.
	 */
	record Backlog(Throughput.Result notification, Throughput.Result lake, Throughput.Result streams,
			ToolOutput.Consumer consumerPerf, RedisReference.Result redis) {
	}

	Backlog consumerBacklog;

	/**
	 * What Kafka Streams' thread did while it processed the consumers' backlog, from its own metrics: the share of the
	 * time it was blocked on Kafka (fetches, the producer's flush at each commit, the commit), its commits and their
	 * mean latency. Null when not measured.
	 */
	record StreamsThread(double seconds, double blockedSeconds, double commits, double commitLatencyMs) {

		double blockedShare() {
			return blockedSeconds / seconds;
		}

		String json() {
			return String.format(Locale.ROOT,
					"{\"seconds\":%s,\"blocked_s\":%s,\"blocked_share\":%s,\"commits\":%s,\"commit_latency_ms\":%s}",
					Json.number(seconds), Json.number(blockedSeconds), Json.number(blockedShare()), Json.number(commits),
					Json.number(commitLatencyMs));
		}

	}

	@Nullable StreamsThread streamsThread;

	private final Map<String, Object> header = new LinkedHashMap<>();

	List<LoadGenerator.Result> apiLoad = List.of();

	/** Null when the run placed no orders through the API (--consumers-only). */
	WarmUp.@Nullable Result apiWarmUp;

	/** --consumers-only: each warm-up backlog's seconds until all three consumers had passed it (none otherwise). */
	List<Double> consumerWarmUpSeconds = List.of();

	List<Memory.Rss> memoryAfterLoad = List.of();

	List<Memory.Rss> memoryAtEnd = List.of();

	EndToEnd endToEnd = new EndToEnd(LatencyStats.of(LatencyStats.newHistogram()),
			LatencyStats.of(LatencyStats.newHistogram()), LatencyStats.of(LatencyStats.newHistogram()));

	Burst burst;

	List<TimedLoad.Result> openLoop = List.of();

	TimedLoad.Result rush;

	int recordSize = 300;

	Map<Integer, ToolOutput.Pgbench> pgbench = Map.of();

	ToolOutput.Producer producerPerf = new ToolOutput.Producer(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
			Double.NaN);

	ToolOutput.Consumer consumerPerf = new ToolOutput.Consumer(0, Double.NaN, Double.NaN);

	ToolOutput.EndToEnd kafkaEndToEnd = new ToolOutput.EndToEnd(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

	void put(String key, Object value) {
		header.put(key, value);
	}

	static String machine() {
		long memKb = -1;
		try {
			memKb = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter(l -> l.startsWith("MemTotal:"))
				.map(l -> l.replaceAll("[^0-9]", ""))
				.mapToLong(Long::parseLong)
				.findFirst()
				.orElse(-1);
		}
		catch (Exception ex) {
			// unknown
		}
		return String.format(Locale.ROOT, "%d cores, %.0f GiB RAM, %s %s, JDK %s",
				Runtime.getRuntime().availableProcessors(), memKb / 1024.0 / 1024.0, System.getProperty("os.name"),
				System.getProperty("os.arch"), System.getProperty("java.version"));
	}

	/** The 1, 5 and 15 minute load averages: other work on the machine shows here, and makes the numbers noisy. */
	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	/** @param atMost whether the target is an upper bound (a latency) rather than a lower one (a rate) */
	record Ratio(String name, double measured, double reference, double target, boolean atMost, String how) {

		Ratio(String name, double measured, double reference, double target, String how) {
			this(name, measured, reference, target, false, how);
		}

		String targetText() {
			return Double.isNaN(target) ? "-" : (atMost ? "<= " : ">= ") + f2(target);
		}

		double ratio() {
			return measured / reference;
		}

	}

	Optional<LoadGenerator.Result> api(int concurrency) {
		return apiLoad.stream().filter(r -> r.concurrency() == concurrency).findFirst();
	}

	List<Ratio> ratios() {
		List<Ratio> ratios = new ArrayList<>();
		for (int concurrency : new int[] { 16, 64 }) {
			ratios.add(new Ratio("API orders/s / pgbench tps (concurrency " + concurrency + ")",
					api(concurrency).map(LoadGenerator.Result::ordersPerSecond).orElse(Double.NaN),
					pgbench.containsKey(concurrency) ? pgbench.get(concurrency).tps() : Double.NaN, 0.5,
					"POST /orders, closed loop, " + concurrency + " clients, 10,000 users / pgbench -c " + concurrency
							+ " with the same SQL and users"));
		}
		ratios.add(new Ratio("API p50 latency at 1 client (ms) / pgbench's average latency at 1 client",
				api(1).map((r) -> r.latency().p50Ms()).orElse(Double.NaN),
				pgbench.containsKey(1) ? pgbench.get(1).latencyAverageMs() : Double.NaN, 5, true,
				"POST /orders sent to answer read, one at a time / pgbench -c 1, the same SQL"));
		double producer = producerPerf.recordsPerSecond();
		ratios.add(new Ratio("relay events/s / producer perf-test records/s", burst == null ? Double.NaN
				: burst.relay().perSecond(), producer, 0.7,
				"outbox backlog drained to ticket-order / ProducerPerformance, transactional, acks=all"));
		double consumer = consumerPerf.fetchRecordsPerSecond();
		double redis = consumerBacklog == null ? Double.NaN : consumerBacklog.redis().perSecond();
		ratios.add(new Ratio("notification-service records/s / the lower of consumer perf-test and Redis's own rate",
				consumerBacklog == null ? Double.NaN : consumerBacklog.notification().perSecond(),
				Double.isNaN(redis) ? consumer : Math.min(consumer, redis), 0.5,
				"a backlog in ticket-order applied to Redis / min(ConsumerPerformance read_committed, the apply "
						+ "script run on Redis from outside)"));
		ratios.add(new Ratio("analytics lake records/s / consumer perf-test records/s",
				consumerBacklog == null ? Double.NaN : consumerBacklog.lake().perSecond(), consumer, 0.5,
				"a backlog in ticket-order written to S3 / ConsumerPerformance read_committed"));
		ratios.add(new Ratio("Kafka Streams records/s / consumer perf-test records/s",
				consumerBacklog == null ? Double.NaN : consumerBacklog.streams().perSecond(), consumer, 0.25,
				"a backlog in ticket-order through both topologies, exactly_once_v2 (committed input offsets) / "
						+ "ConsumerPerformance read_committed"));
		ratios.add(new Ratio("order -> read_committed consumer p99 / Kafka EndToEndLatency p99",
				endToEnd.kafka().p99Ms(), kafkaEndToEnd.p99Ms(), Double.NaN,
				"POST to event visible / produce-acks=all-to-consume round trip"));
		TimedLoad.Result half = openLoop.size() > 1 ? openLoop.get(1) : null;
		ratios.add(new Ratio("commit -> read_committed consumer p99 at 50% of the API's max / Kafka EndToEndLatency p99",
				half == null ? Double.NaN : half.commitToVisible().p99Ms(), kafkaEndToEnd.p99Ms(), 5, true,
				"open loop from 10,000 users: 201 answer to event visible / produce-acks=all-to-consume round trip"));
		// The rush's targets are times, not ratios to a tool: shown as measured / target, at most 1
		ratios.add(new Ratio("rush: commit -> read_committed consumer p99 (ms) / the target's 250 ms",
				rush == null ? Double.NaN : rush.commitToVisible().p99Ms(), 250, 1, true,
				"closed loop, 64 clients, 10,000 users: 201 answer to event visible"));
		ratios.add(new Ratio("rush: last order visible after the last answer (ms) / the target's 1000 ms",
				rush == null ? Double.NaN : rush.lastVisibleAfterEndMs(), 1000, 1, true,
				"from the rush's last 201 to the last of its events visible"));
		ratios.add(new Ratio("after a rush: every user's latest order in Redis (ms after the last reached Kafka) / 2000 ms",
				rush == null ? Double.NaN : rush.redisAfterKafkaMs(), 2000, 1, true,
				"from the last of the rush's events visible in ticket-order until Redis held each user's latest order"));
		ratios.add(new Ratio("after a rush: every order in the lake (ms after the last reached Kafka) / max-age 5 s + 2 s",
				rush == null ? Double.NaN : rush.lakeAfterKafkaMs(), 7000, 1, true,
				"from the last of the rush's events visible in ticket-order until the lake's objects held all of them"));
		return ratios;
	}

	String json() {
		StringBuilder out = new StringBuilder("{\n");
		out.append("  \"machine\": ").append(Json.string(String.valueOf(header.get("machine")))).append(",\n");
		out.append("  \"options\": ").append(Json.string(String.valueOf(header.get("options")))).append(",\n");
		out.append("  \"load_average_at_start\": ").append(Json.string(String.valueOf(header.get("load_average_at_start")))).append(",\n");
		out.append("  \"load_average_at_end\": ").append(Json.string(String.valueOf(header.get("load_average_at_end")))).append(",\n");
		out.append("  \"record_size_bytes\": ").append(recordSize).append(",\n");
		out.append("  \"ratios\": [\n");
		List<Ratio> ratios = ratios();
		for (int i = 0; i < ratios.size(); i++) {
			Ratio r = ratios.get(i);
			out.append(String.format(Locale.ROOT,
					"    {\"name\":%s,\"measured\":%s,\"reference\":%s,\"ratio\":%s,\"target\":%s,\"how\":%s}%s%n",
					Json.string(r.name()), Json.number(r.measured()), Json.number(r.reference()),
					Json.number(r.ratio()), Json.number(r.target()), Json.string(r.how()),
					i + 1 < ratios.size() ? "," : ""));
		}
		out.append("  ],\n  \"api_warm_up\": ").append(apiWarmUp == null ? "null" : apiWarmUp.json());
		out.append(",\n  \"api_load\": [\n");
		for (int i = 0; i < apiLoad.size(); i++) {
			out.append("    ").append(apiLoad.get(i).json()).append(i + 1 < apiLoad.size() ? ",\n" : "\n");
		}
		out.append("  ],\n  \"end_to_end\": {\"order_to_read_committed_consumer\": ")
			.append(endToEnd.kafka().json())
			.append(",\n    \"order_to_redis\": ")
			.append(endToEnd.redis().json())
			.append(",\n    \"order_to_s3_lake\": ")
			.append(endToEnd.lake().json())
			.append("},\n");
		if (burst != null) {
			out.append("  \"burst\": {\"relay\": ")
				.append(burst.relay().json())
				.append(", \"notification\": ")
				.append(burst.notification().json())
				.append(", \"lake\": ")
				.append(burst.lake().json())
				.append(", \"relay_transactions\": ")
				.append(f(burst.relayTransactions()))
				.append(", \"relay_transaction_ms\": ")
				.append(f(burst.relayTransactionMs()))
				.append(", \"relay_read_ms\": ")
				.append(f(burst.relayReadMs()))
				.append(", \"relay_stamp_ms\": ")
				.append(f(burst.relayStampMs()))
				.append("},\n");
		}
		out.append("  \"open_loop\": [")
			.append(String.join(", ", openLoop.stream().map(TimedLoad.Result::json).toList()))
			.append("],\n");
		if (rush != null) {
			out.append("  \"rush\": ").append(rush.json()).append(",\n");
		}
		if (!consumerWarmUpSeconds.isEmpty()) {
			out.append("  \"consumer_warm_up_seconds\": [")
				.append(String.join(", ", consumerWarmUpSeconds.stream().map(Json::number).toList()))
				.append("],\n");
		}
		if (streamsThread != null) {
			out.append("  \"streams_thread\": ").append(streamsThread.json()).append(",\n");
		}
		if (consumerBacklog != null) {
			out.append("  \"consumers_on_topic_backlog\": {\"notification\": ")
				.append(consumerBacklog.notification().json())
				.append(", \"lake\": ")
				.append(consumerBacklog.lake().json())
				.append(", \"streams\": ")
				.append(consumerBacklog.streams().json())
				.append(", \"redis_reference\": ")
				.append(consumerBacklog.redis().json())
				.append("},\n");
		}
		out.append("  \"pgbench\": {");
		List<String> pg = new ArrayList<>();
		pgbench.forEach((c, r) -> pg.add("\"c" + c + "\": " + r.json()));
		out.append(String.join(", ", pg)).append("},\n");
		out.append("  \"producer_perf\": ").append(producerPerf.json()).append(",\n");
		out.append("  \"consumer_perf\": ").append(consumerPerf.json()).append(",\n");
		out.append("  \"kafka_end_to_end_latency\": ").append(kafkaEndToEnd.json()).append(",\n");
		out.append("  \"memory_after_api_load\": [")
			.append(String.join(", ", memoryAfterLoad.stream().map(Memory.Rss::json).toList()))
			.append("],\n");
		out.append("  \"memory_at_end\": [")
			.append(String.join(", ", memoryAtEnd.stream().map(Memory.Rss::json).toList()))
			.append("]\n}\n");
		return out.toString();
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("Machine: ").append(header.get("machine")).append(". Load average (1/5/15 min) at start ")
			.append(header.get("load_average_at_start")).append(", at end ").append(header.get("load_average_at_end"))
			.append(". Event record size: ").append(recordSize).append(" bytes.\n\n");
		md.append("| ratio | measured | reference | ratio | target |\n|---|---:|---:|---:|---:|\n");
		for (Ratio r : ratios()) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s |%n", r.name(), f(r.measured()),
					f(r.reference()), f2(r.ratio()), r.targetText()));
		}
		md.append("\nOrder API (closed loop, POST /orders, users and contents of the 10,000 users' catalogue")
			.append(apiWarmUp == null ? "" : "; measured after " + apiWarmUp.summary())
			.append("):\n\n")
			.append("| concurrency | orders | errors | orders/s | p50 ms | p99 ms | p99.9 ms | max ms | pgbench tps ")
			.append("| pgbench average ms |\n")
			.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (LoadGenerator.Result r : apiLoad) {
			ToolOutput.Pgbench pg = pgbench.get(r.concurrency());
			md.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n", r.concurrency(),
					r.ok(), r.errors(), f(r.ordersPerSecond()), f(r.latency().p50Ms()), f(r.latency().p99Ms()),
					f(r.latency().p999Ms()), f(r.latency().maxMs()), pg == null ? "-" : f(pg.tps()),
					pg == null ? "-" : f(pg.latencyAverageMs())));
		}
		md.append("\nEnd to end (orders placed one at a time):\n\n")
			.append("| from POST /orders to | samples | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
		e2eRow(md, "event visible to a read_committed consumer", endToEnd.kafka());
		e2eRow(md, "latest purchase in Redis", endToEnd.redis());
		e2eRow(md, "record in an S3 lake object", endToEnd.lake());
		md.append(String.format(Locale.ROOT, "| (Kafka EndToEndLatency, acks=all) | | %s | %s | |%n",
				f(kafkaEndToEnd.p50Ms()), f(kafkaEndToEnd.p99Ms())));
		if (burst != null) {
			md.append("\nBacklog of ").append(burst.relay().expected())
				.append(" orders inserted into PostgreSQL at once (the relay alone: the consumers were paused until it ")
				.append("had published the backlog, and are measured on it from when they resumed):\n\n")
				.append("| stage | records seen | seconds | records/s | reference |\n|---|---:|---:|---:|---|\n");
			md.append(String.format(Locale.ROOT,
					"| relay -> ticket-order (%s Kafka transactions of %s ms on average; PostgreSQL %s ms per read, "
							+ "%s ms per stamp) | %d | %s | %s | ProducerPerformance %s (transactions of that "
							+ "duration) |%n",
					f(burst.relayTransactions()), f(burst.relayTransactionMs()), f(burst.relayReadMs()),
					f(burst.relayStampMs()), burst.relay().reached(),
					f(burst.relay().seconds()), f(burst.relay().perSecond()), f(producerPerf.recordsPerSecond())));
			md.append(String.format(Locale.ROOT, "| notification-service -> Redis | %d | %s | %s | ConsumerPerformance %s |%n",
					burst.notification().reached(), f(burst.notification().seconds()),
					f(burst.notification().perSecond()), f(consumerPerf.fetchRecordsPerSecond())));
			md.append(String.format(Locale.ROOT, "| analytics-service -> S3 lake | %d | %s | %s | ConsumerPerformance %s |%n",
					burst.lake().reached(), f(burst.lake().seconds()), f(burst.lake().perSecond()),
					f(consumerPerf.fetchRecordsPerSecond())));
		}
		if (consumerBacklog != null) {
			md.append("\nBacklog of ").append(consumerBacklog.notification().expected())
				.append(" events written straight into ticket-order (the consumers' own rate")
				.append(consumerWarmUpSeconds.isEmpty() ? ""
						: "; measured after " + consumerWarmUpSeconds.size() + " warm-up backlogs as large, passed by "
								+ "all three consumers in " + String.join(", ",
										consumerWarmUpSeconds.stream().map(Results::f).toList()) + " s")
				.append("):\n\n")
				.append("| stage | records seen | seconds | records/s | reference |\n|---|---:|---:|---:|---|\n");
			md.append(String.format(Locale.ROOT, "| notification-service -> Redis | %d | %s | %s | ConsumerPerformance %s |%n",
					consumerBacklog.notification().reached(), f(consumerBacklog.notification().seconds()),
					f(consumerBacklog.notification().perSecond()), f(consumerPerf.fetchRecordsPerSecond())));
			md.append(String.format(Locale.ROOT, "| analytics-service -> S3 lake | %d | %s | %s | ConsumerPerformance %s |%n",
					consumerBacklog.lake().reached(), f(consumerBacklog.lake().seconds()),
					f(consumerBacklog.lake().perSecond()), f(consumerPerf.fetchRecordsPerSecond())));
			md.append(String.format(Locale.ROOT, "| analytics-service Kafka Streams (both topologies, committed) | %d "
					+ "| %s | %s | ConsumerPerformance %s |%n", consumerBacklog.streams().reached(),
					f(consumerBacklog.streams().seconds()), f(consumerBacklog.streams().perSecond()),
					f(consumerPerf.fetchRecordsPerSecond())));
			RedisReference.Result redis = consumerBacklog.redis();
			md.append(String.format(Locale.ROOT, "| Redis alone: the apply script, %d events per call, %d connections "
					+ "| %d | %s | %s | - |%n", redis.perCall(), redis.connections(), redis.events(), f(redis.seconds()),
					f(redis.perSecond())));
			if (streamsThread != null) {
				md.append(String.format(Locale.ROOT, "%nKafka Streams' thread over those %s s (its own metrics): "
						+ "blocked on Kafka %s s (%s%%: fetches, the flush and commit of each transaction), %s commits "
						+ "of %s ms on average; the rest of the time it processed, or waited for a core.%n",
						f(streamsThread.seconds()), f(streamsThread.blockedSeconds()),
						f(100 * streamsThread.blockedShare()), f(streamsThread.commits()),
						f(streamsThread.commitLatencyMs())));
			}
		}
		if (!openLoop.isEmpty() || rush != null) {
			md.append("\nUnder load from 10,000 users: commit (the 201 answer) to event visible to a read_committed ")
				.append("consumer. Open loop: orders due at a fixed rate (API latency from when each was due); rush: ")
				.append("64 clients as fast as they are answered. Targets: p99 <= 5x Kafka's EndToEndLatency p99 at ")
				.append("50%; in the rush p99 <= 250 ms and every order visible within 1 s of the last answer.\n\n")
				.append("| load | orders/s due | orders/s | errors | API p50 ms | API p99 ms | API p99.9 ms ")
				.append("| commit -> visible p50 ms ")
				.append("| p99 ms | max ms | not seen | last visible after the load ms | relay: order to Kafka commit, ")
				.append("mean ms |\n")
				.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			List<TimedLoad.Result> all = new ArrayList<>(openLoop);
			if (rush != null) {
				all.add(rush);
			}
			for (TimedLoad.Result r : all) {
				md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %s | %s |%n",
						r.name(), Double.isNaN(r.targetPerSecond()) ? "-" : f(r.targetPerSecond()),
						f(r.ordersPerSecond()), r.errors(), f(r.api().p50Ms()), f(r.api().p99Ms()), f(r.api().p999Ms()),
						f(r.commitToVisible().p50Ms()), f(r.commitToVisible().p99Ms()),
						f(r.commitToVisible().maxMs()), r.notVisible(), f(r.lastVisibleAfterEndMs()),
						f(r.relayDelayMs())));
			}
		}
		md.append("\nMemory (RSS MB; peak = VmHWM since start, target < 512 for each service):\n\n")
			.append("| process | after API load | peak over the run |\n|---|---:|---:|\n");
		for (Memory.Rss end : memoryAtEnd) {
			long afterLoad = memoryAfterLoad.stream()
				.filter(m -> m.process().equals(end.process()))
				.mapToLong(Memory.Rss::rssMb)
				.findFirst()
				.orElse(-1);
			md.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", end.process(), afterLoad, end.peakMb()));
		}
		return md.toString();
	}

	private static void e2eRow(StringBuilder md, String what, LatencyStats s) {
		md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", what, s.count(), f(s.p50Ms()),
				f(s.p99Ms()), f(s.maxMs())));
	}

	private static String f(double v) {
		if (Double.isNaN(v) || Double.isInfinite(v)) {
			return "n/a";
		}
		return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
	}

	/** Ratios: two decimals, three for the small ones (0.003 must not read as 0.00). */
	private static String f2(double v) {
		if (Double.isNaN(v) || Double.isInfinite(v)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, v < 0.1 ? "%.3f" : "%.2f", v);
	}

}
