package ticketing.benchmark;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What ./benchmark runs once the demo stack is up: API load, end-to-end latencies, relay and consumer throughput,
 * then the reference tools, then memory; writes results.json and results.md and prints the Markdown.
 */
public final class Benchmark {

	static final int[] CONCURRENCY = { 1, 16, 64 };

	/** analytics-service's Kafka Streams application id (application.yml), which is its consumer group. */
	static final String STREAMS_GROUP = "analytics-streams";

	/** The lake writers' group: they commit an offset only once the object holding its record is in S3. */
	static final String LAKE_GROUP = "analytics-lake";

	/** --consumers-only: backlogs consumed before the measured one (the full run warms them with the API's orders). */
	static final int CONSUMER_WARM_UP_BACKLOGS = 3;

	private final BenchmarkOptions options;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final DemoStores stores = DemoStores.fromSystemProperties();

	private final BearerTokens tokens;

	private final LoadGenerator load;

	private final Probes probes;

	private final Results results = new Results();

	/** The benchmark's own Kafka clients sign in as the demo's administrator. */
	private final Properties kafkaClient;

	Benchmark(BenchmarkOptions options) throws IOException {
		this.options = options;
		this.kafkaClient = References.kafkaClient(options.root());
		this.tokens = BearerTokens.ofDemo(options.root());
		this.load = new LoadGenerator("http://localhost:8080", tokens);
		this.probes = new Probes(http, stores.redisKeyPrefix(), tokens);
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(System.getProperty("ticketing.root", ".")).toAbsolutePath().normalize();
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args, root, root.resolve("benchmark/results").resolve(stamp));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		new Benchmark(options).run();
		System.exit(0);
	}

	void run() throws Exception {
		probes.requireTokensAccepted();
		Files.createDirectories(options.resultsDir().resolve("raw"));
		results.put("machine", Results.machine());
		results.put("options", options);
		results.put("load_average_at_start", Results.loadAverage());
		if (options.consumersOnly()) {
			results.consumerWarmUpSeconds = consumerWarmUp();
			results.consumerBacklog = consumerBacklog(null);
			results.consumerPerf = results.consumerBacklog.consumerPerf();
		}
		else {
			runAll();
		}
		results.memoryAtEnd = Memory.snapshot(options.root());
		results.put("load_average_at_end", Results.loadAverage());
		Path json = options.resultsDir().resolve("results.json");
		Path markdown = options.resultsDir().resolve("results.md");
		Files.writeString(json, results.json());
		String md = results.markdown();
		Files.writeString(markdown, md);
		System.out.println();
		System.out.println(md);
		System.out.println("Results: " + json + " and " + markdown);
	}

	private void runAll() throws Exception {
		try (OrderEvents events = new OrderEvents(kafkaClient, "ticket-order")) {
			log("catalogue: " + RushCatalogue.USERS + " users and " + RushCatalogue.CONTENTS + " contents");
			Processes.run(options.root(), Map.of(), Duration.ofMinutes(1),
					List.of(System.getProperty("benchmark.psql", "psql"), "-h", "127.0.0.1", "-U", "postgres", "-d",
							stores.database(), "-v", "ON_ERROR_STOP=1", "-q", "-c", RushCatalogue.sql()));
			// Signed now, not while a phase is timed: about a millisecond each, as much as an order at concurrency 1
			long signing = System.nanoTime();
			tokens.signAhead(LongStream.concat(RushCatalogue.users(), Probes.users()));
			log(String.format(Locale.ROOT, "bearer tokens: signed for %d users in %.1f s",
					RushCatalogue.USERS + Probes.USERS, (System.nanoTime() - signing) / 1e9));
			// The nine JVMs compile their hot paths over the first minutes: measured once steady, as pgbench (no
			// warm-up needed) is.
			log("warm-up: concurrency " + WarmUp.CONCURRENCY + " in " + options.warmUpWindow().toSeconds()
					+ " s windows until steady (at least " + options.warmUp().toSeconds() + " s, at most "
					+ options.warmUpMax().toSeconds() + " s)");
			results.apiWarmUp = WarmUp.run((window) -> {
				LoadGenerator.Result result = load.run(WarmUp.CONCURRENCY, Integer.MAX_VALUE, window);
				log("  " + result.json());
				return result.ordersPerSecond();
			}, options.warmUpWindow(), options.warmUp(), options.warmUpMax());
			log("  " + results.apiWarmUp.summary());
			List<LoadGenerator.Result> levels = new ArrayList<>();
			for (int concurrency : CONCURRENCY) {
				log("API load: " + options.ordersPerLevel() + " orders at concurrency " + concurrency + " (at most "
						+ options.maxPerLevel().toSeconds() + " s)");
				LoadGenerator.Result result = load.run(concurrency, options.ordersPerLevel(), options.maxPerLevel());
				log("  " + result.json());
				levels.add(result);
			}
			results.apiLoad = levels;
			results.memoryAfterLoad = Memory.snapshot(options.root());
			if (!options.apiOnly()) {
				awaitQuiet(events);
				results.endToEnd = endToEnd(events);
				results.burst = burst(events);
				awaitQuiet(events);
				results.consumerBacklog = consumerBacklog(events);
				results.consumerPerf = results.consumerBacklog.consumerPerf();
				results.recordSize = Math.max(events.meanRecordBytes(), 100);
				timedLoads(events);
			}
		}
		references();
	}

	/** Lets the relay and consumers finish the load's backlog, so that it does not count in the next phase. */
	private void awaitQuiet(OrderEvents events) throws InterruptedException {
		long last = -1;
		for (int i = 0; i < 120 && events.count() != last; i++) {
			last = events.count();
			Thread.sleep(1000);
		}
		Thread.sleep(options.burst() > 0 ? 6000 : 0); // the lake flushes a partial object after max-age (5 s)
	}

	/**
	 * Orders placed one at a time (the next after the previous is in Redis, plus 50 ms): each one's time from just
	 * before POST to visible to a read_committed consumer, to its id in the user's latest purchase, and to the lake.
	 */
	private Results.EndToEnd endToEnd(OrderEvents events) throws InterruptedException {
		log("end-to-end latency: " + options.e2eSamples() + " orders one at a time");
		Histogram kafka = LatencyStats.newHistogram();
		Histogram redis = LatencyStats.newHistogram();
		Histogram lake = LatencyStats.newHistogram();
		long lakeBase = probes.lakeRecords();
		List<long[]> lakeSamples = new CopyOnWriteArrayList<>(); // {nanoTime, records}
		Thread lakePoller = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				lakeSamples.add(new long[] { System.nanoTime(), probes.lakeRecords() });
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "lake-poller");
		lakePoller.start();
		List<Long> placedAt = new ArrayList<>();
		for (int i = 0; i < options.e2eSamples(); i++) {
			int user = Probes.FIRST_USER + i % Probes.USERS;
			long sent = System.nanoTime();
			long id = load.placeOrder(user, 1 + i % 6);
			if (id < 0) {
				continue;
			}
			placedAt.add(sent);
			long deadline = sent + 10_000_000_000L;
			while (probes.lastPurchase(user) < id && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			if (System.nanoTime() < deadline) {
				redis.recordValue((System.nanoTime() - sent) / 1000);
			}
			while (events.visibleAt(id) == null && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			Long visible = events.visibleAt(id);
			if (visible != null) {
				kafka.recordValue(Math.max(0, visible - sent) / 1000);
			}
			Thread.sleep(50);
		}
		long lakeDeadline = System.nanoTime() + 30_000_000_000L;
		while (probes.lakeRecords() < lakeBase + placedAt.size() && System.nanoTime() < lakeDeadline) {
			Thread.sleep(100);
		}
		lakePoller.interrupt();
		lakePoller.join();
		lakeSamples.add(new long[] { System.nanoTime(), probes.lakeRecords() }); // the poll that ended the wait
		// The k-th order placed is taken to be in the lake when the lake holds k more records than before.
		for (int k = 0; k < placedAt.size(); k++) {
			long needed = lakeBase + k + 1;
			for (long[] sample : lakeSamples) {
				if (sample[0] >= placedAt.get(k) && sample[1] >= needed) {
					lake.recordValue((sample[0] - placedAt.get(k)) / 1000);
					break;
				}
			}
		}
		return new Results.EndToEnd(LatencyStats.of(kafka), LatencyStats.of(redis), LatencyStats.of(lake));
	}

	/**
	 * N orders with their outbox rows inserted into PostgreSQL in one transaction (the same rows the API writes):
	 * the relay then publishes a backlog as fast as it can, and the consumers read it as fast as they can.
	 */
	private Results.Burst burst(OrderEvents events) throws IOException, InterruptedException {
		int n = options.burst();
		log("relay and consumers: " + n + " orders inserted into PostgreSQL at once");
		long updatesBase = probes.notificationUpdates();
		Throughput notification = new Throughput("notification-watch", probes::notificationUpdates, updatesBase, n, 20,
				180_000);
		List<String> relayTimers = List.of("ticketing.relay.transaction", "ticketing.relay.read",
				"ticketing.relay.stamp");
		List<double[]> timersBefore = relayTimers.stream().map(probes::orderServiceTimer).toList();
		// The relay alone, as ProducerPerformance runs alone: the consumers wait (SIGSTOP) until it has published
		// the backlog, instead of sharing the 2 cores with it; they are measured on the backlog once resumed
		signalConsumers("-STOP");
		long first;
		long last;
		long committed;
		try {
			String out = Processes.run(options.root(), Map.of(), Duration.ofMinutes(2),
					List.of(System.getProperty("benchmark.psql", "psql"), "-h", "127.0.0.1", "-U", "postgres", "-d",
							stores.database(), "-v", "ON_ERROR_STOP=1", "-At", "-c", Burst.sql(n)));
			committed = System.nanoTime(); // psql returned: the backlog is committed and the relay was notified
			String[] range = out.strip().split("\\|");
			first = Long.parseLong(range[0]);
			last = Long.parseLong(range[1]);
			long deadline = System.nanoTime() + 180_000_000_000L;
			while (System.nanoTime() < deadline && events.visibleAt(last) == null) {
				Thread.sleep(20);
			}
			Thread.sleep(500);
		}
		finally {
			signalConsumers("-CONT");
		}
		long resumed = System.nanoTime();
		// The lake from its group's committed offsets, as in the consumers' own backlog: nothing else is written to
		// the topic meanwhile, so the watcher's last offsets are the backlog's
		Map<Integer, Long> backlogEnd = events.lastOffsets();
		long lakeDone;
		try (GroupProgress groups = new GroupProgress(kafkaClient)) {
			lakeDone = awaitDone(() -> groups.passed(LAKE_GROUP, "ticket-order", backlogEnd));
		}
		long lastSeen = Long.MIN_VALUE;
		long seen = 0;
		for (long id = first; id <= last; id++) {
			Long at = events.visibleAt(id);
			if (at != null) {
				seen++;
				lastSeen = Math.max(lastSeen, at);
			}
		}
		// From the commit, not from the first event: with a batch as large as the backlog, first and last become
		// visible together, and the time to read the rows and commit the one transaction is the whole cost.
		double relaySeconds = (lastSeen - committed) / 1e9;
		Throughput.Result relay = new Throughput.Result(n, seen, relaySeconds,
				seen > 0 ? seen / relaySeconds : Double.NaN);
		double[] means = new double[relayTimers.size()];
		double transactions = 0;
		for (int i = 0; i < relayTimers.size(); i++) {
			double[] after = probes.orderServiceTimer(relayTimers.get(i));
			double count = after[0] - timersBefore.get(i)[0];
			means[i] = count > 0 ? (after[1] - timersBefore.get(i)[1]) * 1000 / count : Double.NaN;
			if (i == 0) {
				transactions = count;
			}
		}
		log(String.format(Locale.ROOT, "  relay: %d events in %.1f s, %.0f Kafka transactions of %.0f ms on average "
				+ "(PostgreSQL: %.0f ms per read, %.0f ms per stamp)", seen, relaySeconds, transactions, means[0],
				means[1], means[2]));
		return new Results.Burst(relay, notification.await(), rate(n, resumed, lakeDone), transactions, means[0],
				means[1], means[2]);
	}

	/** Sends a signal (-STOP, -CONT) to notification-service and analytics-service. */
	private void signalConsumers(String signal) throws IOException, InterruptedException {
		for (String service : List.of("notification-service", "analytics-service")) {
			signal(service, signal);
		}
	}

	private void signal(String service, String signal) throws IOException, InterruptedException {
		Processes.run(options.root(), Map.of(), Duration.ofSeconds(10),
				List.of("pkill", signal, "-f", Memory.PROCESSES.get(service)));
	}

	/**
	 * Commit to visible under load, from 10,000 users: an open loop at 10%, 50% and 90% of the API's closed-loop
	 * maximum, then the rush, as fast as 64 clients get answers.
	 */
	private void timedLoads(OrderEvents events) throws InterruptedException {
		TimedLoad timed = new TimedLoad(load, events, probes);
		double max = results.apiLoad.stream().mapToDouble(LoadGenerator.Result::ordersPerSecond).max().orElse(100);
		List<TimedLoad.Result> levels = new ArrayList<>();
		for (int percent : new int[] { 10, 50, 90 }) {
			awaitQuiet(events);
			double rate = max * percent / 100;
			log(String.format(Locale.ROOT, "open loop: %.0f orders/s (%d%% of the API's %.0f) for %d s", rate, percent,
					max, options.openLoopLevel().toSeconds()));
			TimedLoad.Result result = timed.openLoop(percent + "% of max", rate, 64, options.openLoopLevel());
			log("  " + result.json());
			levels.add(result);
		}
		results.openLoop = levels;
		awaitQuiet(events);
		log("rush: 64 clients as fast as they are answered, 10,000 users, for " + options.rush().toSeconds() + " s");
		results.rush = timed.closedLoop("rush", 64, options.rush());
		log("  " + results.rush.json());
	}

	/**
	 * The consumers' own limit: a backlog from 20,000 users written straight into ticket-order while they are paused;
	 * then notification-service alone, timed from its resuming until its read positions in Redis reach the backlog's
	 * last offsets; then analytics-service, until the lake's writers and Kafka Streams both committed past them. Then
	 * the limits under them, on the same events: Kafka's ConsumerPerformance reading as many records of ticket-order,
	 * and Redis running the service's apply script.
	 */
	private Results.Backlog consumerBacklog(@Nullable OrderEvents events) throws IOException, InterruptedException {
		int n = options.topicBacklog();
		log("consumers alone: " + n + " events from " + TopicBacklog.USERS + " users written straight into "
				+ "ticket-order");
		// The benchmark's own watcher would read the backlog too, with a core the consumers need
		if (events != null) {
			events.ignore();
		}
		// A backlog already in the topic, as after an outage: the consumers wait (SIGSTOP) while it is written, so
		// that the writer does not share the cores with them. Then each service alone, as each reference tool runs
		// alone: notification-service first, then analytics-service (the lake and Kafka Streams, one process).
		Map<Integer, Long> lastOffsets;
		signalConsumers("-STOP");
		Throughput.Result notification;
		long start;
		try {
			long writing = System.nanoTime();
			lastOffsets = TopicBacklog.write(kafkaClient, "ticket-order", n);
			log(String.format(Locale.ROOT, "  written in %.1f s", (System.nanoTime() - writing) / 1e9));
			signal("notification-service", "-CONT");
			start = System.nanoTime();
			notification = rate(n, start, awaitDone(() -> notificationPassed(lastOffsets)));
			log("  notification-service alone: " + notification.json());
		}
		finally {
			signalConsumers("-CONT");
		}
		// Both from their groups' committed offsets, read every 20 ms: the lake's writers commit an offset only after the
		// object holding its record is in S3, Streams in the transaction of its output. (Polling /lake/summary instead
		// would list and HEAD every object of the lake 50 times a second, loading the S3 server being measured.)
		double[] streamsBefore = probes.streamsThread();
		start = System.nanoTime();
		long[] passed = { -1, -1 };
		// Read as Streams passes the backlog: once it idles, its polls count as time blocked on Kafka too
		double[][] streamsAfter = { null };
		try (GroupProgress groups = new GroupProgress(kafkaClient)) {
			awaitDone(() -> {
				for (int i = 0; i < passed.length; i++) {
					if (passed[i] < 0 && groups.passed(i == 0 ? LAKE_GROUP : STREAMS_GROUP, "ticket-order", lastOffsets)) {
						passed[i] = System.nanoTime();
						if (i == 1) {
							streamsAfter[0] = probes.streamsThread();
						}
					}
				}
				return passed[0] >= 0 && passed[1] >= 0;
			});
		}
		Throughput.Result lakeResult = rate(n, start, passed[0]);
		Throughput.Result streams = rate(n, start, passed[1]);
		if (streamsAfter[0] != null) {
			double[] after = streamsAfter[0];
			results.streamsThread = new Results.StreamsThread((passed[1] - start) / 1e9,
					(after[0] - streamsBefore[0]) / 1e9, after[1] - streamsBefore[1], after[2]);
			log("  Kafka Streams' thread: " + results.streamsThread.json());
		}
		log("  analytics-service: lake " + lakeResult.json() + ", Kafka Streams " + streams.json());
		log("ConsumerPerformance: " + n + " records of ticket-order, read_committed");
		ToolOutput.Consumer consumerPerf = new References(options.root(), options.resultsDir().resolve("raw"),
				stores.database()).consumerPerf("ticket-order", n);
		log("  " + consumerPerf.json());
		if (events != null) {
			events.watchFromNow();
		}
		log("Redis: the apply script on the same " + n + " events, 500 per call, 3 connections");
		RedisReference.Result redis = RedisReference.run(options.root(), stores.redisKeyPrefix(), n, 500, 3);
		log("  " + redis.json());
		return new Results.Backlog(notification, lakeResult, streams, consumerPerf, redis);
	}

	/**
	 * Without the API phases before it, the consumers would be measured while their JVMs still compile the hot paths
	 * (a third or more of the CPU on 2 cores): backlogs as large as the measured one first, other order ids, the same
	 * users, all three consumers running, each until they all passed it.
	 */
	private List<Double> consumerWarmUp() throws InterruptedException {
		int n = options.topicBacklog();
		List<Double> seconds = new ArrayList<>();
		try (GroupProgress groups = new GroupProgress(kafkaClient)) {
			for (int round = 1; round <= CONSUMER_WARM_UP_BACKLOGS; round++) {
				long start = System.nanoTime();
				Map<Integer, Long> lastOffsets = TopicBacklog.write(kafkaClient, "ticket-order", round * n, n);
				long done = awaitDone(() -> notificationPassed(lastOffsets)
						&& groups.passed(LAKE_GROUP, "ticket-order", lastOffsets)
						&& groups.passed(STREAMS_GROUP, "ticket-order", lastOffsets));
				if (done < 0) {
					throw new IllegalStateException("the consumers did not pass warm-up backlog " + round
							+ " within 5 minutes; see target/benchmark/demo/logs");
				}
				seconds.add((done - start) / 1e9);
				log(String.format(Locale.ROOT, "consumer warm-up %d/%d: %d events written and passed by all three "
						+ "consumers in %.1f s", round, CONSUMER_WARM_UP_BACKLOGS, n, seconds.get(seconds.size() - 1)));
			}
		}
		return seconds;
	}

	/** Whether notification-service's read positions in Redis reached these offsets on every partition. */
	private boolean notificationPassed(Map<Integer, Long> lastOffsets) {
		Map<Integer, Long> positions = probes.notificationPositions();
		return lastOffsets.entrySet()
			.stream()
			.allMatch((last) -> positions.getOrDefault(last.getKey(), -1L) >= last.getValue());
	}

	/** Polls the condition every 20 ms for at most 5 minutes; returns when it held (nanoTime), or -1. */
	private static long awaitDone(BooleanSupplier done) throws InterruptedException {
		return Throughput.awaitNanoTime(done, Duration.ofMinutes(5), 20);
	}

	/** n records from start to done (nanoTime; -1 when not done in time). */
	private static Throughput.Result rate(int n, long start, long done) {
		if (done < 0) {
			return new Throughput.Result(n, 0, Double.NaN, Double.NaN);
		}
		double seconds = (done - start) / 1e9;
		return new Throughput.Result(n, n, seconds, n / seconds);
	}

	private void references() throws IOException, InterruptedException {
		Path raw = options.resultsDir().resolve("raw");
		References refs = new References(options.root(), raw, stores.database());
		String pgbench = System.getProperty("benchmark.pgbench", "pgbench");
		log("pgbench: the SQL of one order, " + options.pgbenchSeconds() + " s at each concurrency");
		refs.preparePgbench(System.getProperty("benchmark.psql", "psql"));
		Map<Integer, ToolOutput.Pgbench> pg = new LinkedHashMap<>();
		for (int concurrency : CONCURRENCY) {
			pg.put(concurrency, refs.pgbench(pgbench, concurrency, options.pgbenchSeconds()));
			log("  c" + concurrency + ": " + pg.get(concurrency).json());
		}
		results.pgbench = pg;
		if (options.apiOnly()) {
			return;
		}
		refs.createTopic();
		// Transactions as long as the relay's were in the burst (what a transaction costs is the point of comparing)
		double relayTransactionMs = results.burst == null ? Double.NaN : results.burst.relayTransactionMs();
		int transactionMs = Double.isNaN(relayTransactionMs) ? 50 : (int) Math.max(10, Math.round(relayTransactionMs));
		log("ProducerPerformance: " + options.perfRecords() + " records of " + results.recordSize
				+ " bytes, transactional (" + transactionMs + " ms transactions, like the relay's), acks=all");
		results.producerPerf = refs.producerPerf(options.perfRecords(), results.recordSize, transactionMs);
		log("  " + results.producerPerf.json());
		log("EndToEndLatency: " + options.e2eRecords() + " round trips, acks=all");
		results.kafkaEndToEnd = refs.endToEndLatency(options.e2eRecords(), results.recordSize);
		log("  " + results.kafkaEndToEnd.json());
	}

	static void log(String message) {
		System.out.println("[benchmark " + DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC)
			.format(Instant.now()) + "] " + message);
	}

}
