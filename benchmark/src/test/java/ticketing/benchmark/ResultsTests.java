package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
		// and every load is a row of the latency table
		assertThat(markdown).contains("| 50% of max | 100 | 100 | 0 |");
		assertThat(markdown).contains("| rush | - | 100 | 0 |");
	}

	private static TimedLoad.Result load(String name, double p50Ms, double p99Ms) {
		LatencyStats api = new LatencyStats(1000, 5, 20, 30, 40);
		LatencyStats visible = new LatencyStats(1000, p50Ms, p99Ms, p99Ms, p99Ms);
		return new TimedLoad.Result(name, name.equals("rush") ? Double.NaN : 100, 1000, 0, 10, api, visible, 0, 50,
				p50Ms);
	}

}
