package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTests {

	private static final Path ROOT = Path.of(".");

	@Test
	void shouldUseSmallerNumbersInQuickModeAndKeepAnExplicitOrderCount() {
		// Given the default, the quick and a quick run with --orders
		BenchmarkOptions full = BenchmarkOptions.parse(new String[0], ROOT, ROOT);
		BenchmarkOptions quick = BenchmarkOptions.parse(new String[] { "--quick" }, ROOT, ROOT);
		BenchmarkOptions quickWithOrders = BenchmarkOptions.parse(new String[] { "--quick", "--orders", "50" }, ROOT,
				ROOT);

		// Then quick is smaller in every phase, and --orders wins
		assertThat(quick.ordersPerLevel()).isLessThan(full.ordersPerLevel());
		assertThat(quick.maxPerLevel()).isLessThan(full.maxPerLevel());
		assertThat(quick.warmUp()).isLessThan(full.warmUp());
		assertThat(quick.warmUpMax()).isLessThan(full.warmUpMax());
		assertThat(full.warmUpMax()).isGreaterThan(full.warmUp());
		assertThat(quick.burst()).isLessThan(full.burst());
		assertThat(quick.topicBacklog()).isLessThan(full.topicBacklog());
		// issue 16: the consumers are measured on at least 200,000 events
		assertThat(full.topicBacklog()).isGreaterThanOrEqualTo(200_000);
		assertThat(quick.perfRecords()).isLessThan(full.perfRecords());
		assertThat(quick.openLoopLevel()).isLessThan(full.openLoopLevel());
		assertThat(quick.rush()).isLessThan(full.rush());
		// and the default rush lasts the 20 s of the speed issue's scenario
		assertThat(full.rush()).isEqualTo(Duration.ofSeconds(20));
		assertThat(quickWithOrders.ordersPerLevel()).isEqualTo(50);
		assertThat(full.apiOnly()).isFalse();
		assertThat(full.consumersOnly()).isFalse();
		assertThat(BenchmarkOptions.parse(new String[] { "--consumers-only" }, ROOT, ROOT).consumersOnly()).isTrue();
	}

	@Test
	void shouldRefuseUnknownArgumentsAndNonPositiveCounts() {
		// When the arguments are wrong, Then the usage is the answer
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--fast" }, ROOT, ROOT))
			.withMessageContaining("usage");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--orders", "0" }, ROOT, ROOT))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--orders", "many" }, ROOT, ROOT))
			.withMessageContaining("number");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--api-only", "--consumers-only" }, ROOT, ROOT))
			.withMessageContaining("exclude each other");
	}

}
