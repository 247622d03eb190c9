package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolOutputTests {

	@Test
	void shouldReadPgbenchTpsAndLatency() {
		// Given pgbench's summary
		String output = """
				number of transactions actually processed: 12000
				latency average = 13.337 ms
				initial connection time = 12.345 ms
				tps = 1199.635829 (without initial connection time)
				""";

		// When it is read
		ToolOutput.Pgbench pgbench = ToolOutput.pgbench(output);

		// Then tps and the average latency are its numbers
		assertThat(pgbench.tps()).isEqualTo(1199.635829);
		assertThat(pgbench.latencyAverageMs()).isEqualTo(13.337);
	}

	@Test
	void shouldReadTheLastProducerPerformanceSummary() {
		// Given progress lines and the final summary
		String output = """
				20001 records sent, 4000.2 records/sec (1.00 MB/sec), 300.1 ms avg latency, 600.0 ms max latency.
				100000 records sent, 45012.3 records/sec (11.50 MB/sec), 512.40 ms avg latency, 901.00 ms max latency, 480 ms 50th, 800 ms 95th, 880 ms 99th, 899 ms 99.9th.
				""";

		// When it is read
		ToolOutput.Producer producer = ToolOutput.producer(output);

		// Then the summary's numbers are taken, not a progress line's
		assertThat(producer.recordsPerSecond()).isEqualTo(45012.3);
		assertThat(producer.avgLatencyMs()).isEqualTo(512.40);
		assertThat(producer.p50Ms()).isEqualTo(480);
		assertThat(producer.p99Ms()).isEqualTo(880);
		assertThat(producer.p999Ms()).isEqualTo(899);
	}

	@Test
	void shouldReadConsumerPerformanceColumnsByName() {
		// Given the header and the values line
		String output = """
				start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
				2026-11-25 16:00:00:000, 2026-11-25 16:00:05:000, 28.6, 5.72, 100000, 20000.0, 3000, 2000, 14.3, 50000.0
				""";

		// When it is read
		ToolOutput.Consumer consumer = ToolOutput.consumer(output);

		// Then each number comes from its column
		assertThat(consumer.records()).isEqualTo(100000);
		assertThat(consumer.recordsPerSecond()).isEqualTo(20000.0);
		assertThat(consumer.fetchRecordsPerSecond()).isEqualTo(50000.0);
	}

	@Test
	void shouldReadEndToEndLatencyPercentiles() {
		// Given EndToEndLatency's last lines
		String output = """
				Avg latency: 3.4567 ms
				Percentiles: 50th = 3, 99th = 12, 99.9th = 25
				""";

		// When it is read
		ToolOutput.EndToEnd e2e = ToolOutput.endToEnd(output);

		// Then average and percentiles are its numbers
		assertThat(e2e.avgMs()).isEqualTo(3.4567);
		assertThat(e2e.p50Ms()).isEqualTo(3);
		assertThat(e2e.p99Ms()).isEqualTo(12);
		assertThat(e2e.p999Ms()).isEqualTo(25);
	}

	@Test
	void shouldGiveNotANumberWhenAToolPrintedNoSummary() {
		// Given output without a summary (the tool failed)
		String output = "ERROR something went wrong";

		// When it is read, Then the numbers are missing rather than made up
		assertThat(ToolOutput.pgbench(output).tps()).isNaN();
		assertThat(ToolOutput.producer(output).recordsPerSecond()).isNaN();
		assertThat(ToolOutput.consumer(output).fetchRecordsPerSecond()).isNaN();
		assertThat(ToolOutput.endToEnd(output).p99Ms()).isNaN();
	}

}
