package ticketing.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPlanTests {

	static final Path ROOT = Path.of("..");

	@Test
	void shouldPlanTheSameFaultsForTheSameSeed() {
		SuiteOptions options = SuiteOptions.parse(ROOT, "--orders=9000", "--rate=20", "--seed=7");

		assertThat(FaultPlan.of(options)).isEqualTo(FaultPlan.of(options));
		assertThat(FaultPlan.of(options))
			.isNotEqualTo(FaultPlan.of(SuiteOptions.parse(ROOT, "--orders=9000", "--rate=20", "--seed=8")));
	}

	@Test
	void shouldInjectEveryKindOncePerRoundWithinTheLoad() {
		// 9000 orders at 20/s: 450 s of load, 5 rounds of 90 s
		FaultPlan plan = FaultPlan.of(SuiteOptions.parse(ROOT, "--orders=9000", "--rate=20", "--seed=7"));

		assertThat(plan.faults()).hasSize(5 * FaultKind.values().length);
		for (FaultKind kind : FaultKind.values()) {
			assertThat(plan.faults()).filteredOn((f) -> f.kind() == kind).hasSize(5);
		}
		assertThat(plan.faults()).allSatisfy((fault) -> assertThat(fault.at()).isBetween(Duration.ofSeconds(45),
				Duration.ofSeconds(450)));
	}

	@Test
	void shouldKeepOnlyRecordFaultsAtTheSameMomentsWithoutProcessFaults() {
		List<FaultPlan.Planned> all = FaultPlan.of(SuiteOptions.parse(ROOT, "--orders=600", "--rate=10", "--seed=3"))
			.faults();
		List<FaultPlan.Planned> recordsOnly = FaultPlan
			.of(SuiteOptions.parse(ROOT, "--orders=600", "--rate=10", "--seed=3", "--no-process-faults"))
			.faults();

		assertThat(recordsOnly).extracting(FaultPlan.Planned::kind)
			.containsExactlyInAnyOrder(FaultKind.POISON_RECORDS, FaultKind.ABORTED_WRITE,
					FaultKind.CORRUPT_REDIS_VALUE);
		assertThat(all).containsAll(recordsOnly);
	}

	@Test
	void shouldRefuseBadOptionsWithTheUsage() {
		assertThatThrownBy(() -> SuiteOptions.parse(ROOT, "--orders=-1")).hasMessageContaining("positive")
			.hasMessageContaining("Usage");
		assertThatThrownBy(() -> SuiteOptions.parse(ROOT, "--broken=everything")).hasMessageContaining("Unknown broken");
		assertThatThrownBy(() -> SuiteOptions.parse(ROOT, "--fast")).hasMessageContaining("Unknown option '--fast'");
	}

}
