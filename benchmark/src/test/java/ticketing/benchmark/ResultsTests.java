package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ResultsTests {

	@Test
	void shouldShowTheLatencyTargetsAsUpperBoundsBesideTheRatios() {
		// Given an open loop whose 50% level has a p99 of 70 ms, Kafka's round trip p99 of 14 ms, and a rush
		Results results = new Results();
		results.kafkaEndToEnd = new ToolOutput.EndToEnd(2, 2, 14, 20);
		results.openLoop = List.of(load("10% of max", 30, 40), load("50% of max", 50, 70), load("90% of max", 60, 90));
		results.rush = load("rush", 300, 500);

		// When
		String markdown = results.markdown();

		// Then the latency targets read "at most", the rates' "at least", each beside its measured ratio
		assertThat(markdown).contains("| commit -> read_committed consumer p99 at 50% of the API's max / Kafka "
				+ "EndToEndLatency p99 | 70.0 | 14.0 | **5.00** | <= 5.00 |");
		assertThat(markdown).contains("| rush: commit -> read_committed consumer p99 (ms) / the target's 250 ms | 500 "
				+ "| 250 | **2.00** | <= 1.00 |");
		assertThat(markdown).contains("| relay events/s / producer perf-test records/s |");
		assertThat(markdown).containsPattern("\\| relay events/s / producer perf-test records/s \\|[^\\n]*\\| >= 0.70 \\|");
		// and after the rush, Redis and the lake against their times (2 s; the lake's max-age of 5 s + 2 s)
		assertThat(markdown).contains("| after a rush: every user's latest order in Redis (ms after the last reached "
				+ "Kafka) / 2000 ms | 1500 | 2000 | **0.75** | <= 1.00 |");
		assertThat(markdown).contains("| after a rush: every order in the lake (ms after the last reached Kafka) / "
				+ "max-age 5 s + 2 s | 8400 | 7000 | **1.20** | <= 1.00 |");
		// and every load is a row of the latency table, with the API's p50, p99 and p99.9 from when orders were due
		assertThat(markdown).contains("| 50% of max | 100 | 100 | 0 | 5.0 | 20.0 | 30.0 |");
		assertThat(markdown).contains("| rush | - | 100 | 0 |");
	}

	@Test
	void shouldCompareNotificationServiceWithTheLowerOfItsTwoLimits() {
		// Given a backlog applied at 40,000 records/s, Kafka's reference consumer at 300,000 and Redis's at 100,000
		Results results = new Results();
		results.consumerPerf = new ToolOutput.Consumer(200_000, 300_000, 300_000);
		results.consumerBacklog = new Results.Backlog(new Throughput.Result(200_000, 200_000, 5, 40_000),
				new Throughput.Result(200_000, 200_000, 10, 20_000), new Throughput.Result(200_000, 200_000, 4, 50_000),
				results.consumerPerf,
				new RedisReference.Result(200_000, 500, 3, 2, 100_000));

		// When
		List<Results.Ratio> ratios = results.ratios();

		// Then notification-service is measured against Redis, the lower limit, and the lake against Kafka's
		assertThat(ratios).filteredOn((ratio) -> ratio.name().startsWith("notification-service"))
			.singleElement()
			.satisfies((ratio) -> {
				assertThat(ratio.reference()).isEqualTo(100_000);
				assertThat(ratio.measured() / ratio.reference()).isEqualTo(0.4);
				assertThat(ratio.target()).isEqualTo(0.5);
			});
		assertThat(ratios).filteredOn((ratio) -> ratio.name().startsWith("analytics lake"))
			.singleElement()
			.satisfies((ratio) -> assertThat(ratio.reference()).isEqualTo(300_000));
		// and Redis's own rate is a row of the backlog table
		assertThat(results.markdown()).contains("| Redis alone: the apply script, 500 events per call, 3 connections "
				+ "| 200000 |");
	}

	@Test
	void shouldSayAfterWhichWarmUpBacklogsTheConsumersWereMeasured() {
		// Given a --consumers-only run whose three warm-up backlogs took 50, 25 and 21 s
		Results results = new Results();
		withConsumerBacklog(results);
		results.consumerWarmUpSeconds = List.of(50.2, 25.0, 21.4);

		// When / Then the backlog's table says so, and the JSON keeps each time
		assertThat(results.markdown()).contains("(the consumers' own rate; measured after 3 warm-up backlogs as large, "
				+ "passed by all three consumers in 50.2, 25.0, 21.4 s):");
		assertThat(results.json()).contains("\"consumer_warm_up_seconds\": [50.200, 25.000, 21.400]");
	}

	@Test
	void shouldSayHowMuchOfItsTimeKafkaStreamsThreadWasBlockedOnKafka() {
		// Given Streams' thread blocked 3 of the 12 s it took, with 60 commits of 80 ms
		Results results = new Results();
		withConsumerBacklog(results);
		results.streamsThread = new Results.StreamsThread(12, 3, 60, 80);

		// When / Then the report says so under the backlog's table, and the JSON keeps it
		assertThat(results.markdown()).contains("Kafka Streams' thread over those 12.0 s (its own metrics): blocked on "
				+ "Kafka 3.0 s (25.0%: fetches, the flush and commit of each transaction), 60.0 commits of 80.0 ms");
		assertThat(results.json()).contains("\"streams_thread\": {\"seconds\":12.000,\"blocked_s\":3.000,"
				+ "\"blocked_share\":0.250,\"commits\":60.000,\"commit_latency_ms\":80.000}");
	}

	@Test
	void shouldNotMentionAConsumerWarmUpWhereThereWasNone() {
		// Given a full run: the API's orders warmed the consumers
		Results results = new Results();
		withConsumerBacklog(results);

		// When / Then
		assertThat(results.markdown()).contains("(the consumers' own rate):").doesNotContain("warm-up backlogs");
		assertThat(results.json()).doesNotContain("consumer_warm_up_seconds");
	}

	@Test
	void shouldCompareTheApiWithPgbenchAtEachConcurrencyAndItsLatencyAtOneClient() {
		// Given the API at 20, 300 and 400 orders/s at 1, 16 and 64 clients (p50 5 ms at 1), pgbench at 1 ms on
		// average at 1 client, 1,000 tps at 16 and at 64
		Results results = new Results();
		results.apiLoad = List.of(api(1, 20, 5), api(16, 300, 40), api(64, 400, 150));
		results.pgbench = Map.of(1, new ToolOutput.Pgbench(900, 1.0), 16,
				new ToolOutput.Pgbench(1000, 16), 64, new ToolOutput.Pgbench(1000, 64));
		// measured after a warm-up that was steady in its fourth window
		results.apiWarmUp = new WarmUp.Result(Duration.ofSeconds(10), List.of(120.0, 250.0, 290.0, 300.0, 295.0), true);

		// When
		String markdown = results.markdown();

		// Then both concurrencies are held to half of pgbench, and the latency at one client to 5x pgbench's
		assertThat(markdown).contains("| API orders/s / pgbench tps (concurrency 16) | 300 | 1000 | **0.30** | >= 0.50 |");
		assertThat(markdown).contains("| API orders/s / pgbench tps (concurrency 64) | 400 | 1000 | **0.40** | >= 0.50 |");
		assertThat(markdown).contains("| API p50 latency at 1 client (ms) / pgbench's average latency at 1 client | "
				+ "5.0 | 1.0 | **5.00** | <= 5.00 |");
		// and pgbench's average latency is beside the API's at each concurrency
		assertThat(markdown).contains("| 1 | 200 | 0 | 20.0 | 5.0 | 10.0 | 10.0 | 10.0 | 900 | 1.0 |");
		// and the warm-up is said above the table, every window's rate in the JSON
		assertThat(markdown).contains("measured after 50 s of warm-up at concurrency 16 (until steady); orders/s per "
				+ "10 s window: 120, 250, 290, 300, 295");
		assertThat(results.json()).contains("\"api_warm_up\": {\"window_s\":10,\"steady\":true,"
				+ "\"orders_per_s\":[120.000,250.000,290.000,300.000,295.000]}");
	}

	private static LoadGenerator.Result api(int concurrency, double perSecond, double p50Ms) {
		return new LoadGenerator.Result(concurrency, (long) (perSecond * 10), 0, 10, perSecond,
				new LatencyStats((long) (perSecond * 10), p50Ms, 2 * p50Ms, 2 * p50Ms, 2 * p50Ms));
	}

	private static TimedLoad.Result load(String name, double p50Ms, double p99Ms) {
		LatencyStats api = new LatencyStats(1000, 5, 20, 30, 40);
		LatencyStats visible = new LatencyStats(1000, p50Ms, p99Ms, p99Ms, p99Ms);
		boolean rush = name.equals("rush");
		return new TimedLoad.Result(name, rush ? Double.NaN : 100, 1000, 0, 10, api, visible, 0, 50, p50Ms,
				rush ? 1500 : Double.NaN, rush ? 8400 : Double.NaN);
	}

	/**
	 * A consumers' backlog: notification-service at 40,000 records/s, the lake at 20,000, Streams at 50,000; Kafka's
	 * reference consumer at 300,000, Redis's at 100,000.
	 */
	private static void withConsumerBacklog(Results results) {
		results.consumerPerf = new ToolOutput.Consumer(200_000, 300_000, 300_000);
		results.consumerBacklog = new Results.Backlog(new Throughput.Result(200_000, 200_000, 5, 40_000),
				new Throughput.Result(200_000, 200_000, 10, 20_000), new Throughput.Result(200_000, 200_000, 4, 50_000),
				results.consumerPerf, new RedisReference.Result(200_000, 500, 3, 2, 100_000));
	}

}
