package ticketing.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportTests {

	private static final SuiteOptions OPTIONS = SuiteOptions.parse(Path.of(".").toAbsolutePath(), "--then-broken");

	private static final Checks.Result PASSED = new Checks.Result(3, "Redis", true, "", List.of(), 0, 0);

	private static final Checks.Result FAILED = new Checks.Result(3, "Redis", false, "",
			List.of("user 7: Redis has order 12 (written in a transaction that was aborted)"), 0, 0);

	@Test
	void shouldCountABrokenVariantAsCaughtWhenANamedCheckFailedAfterQuiet() {
		RunReport report = passedRun().withBrokenVariant(run(true, FAILED));

		assertThat(report.brokenVariantCaught()).isTrue();
		assertThat(report.text()).contains("CAUGHT: the broken variant fails the checks");
	}

	@Test
	void shouldNotCountABrokenVariantThatNeverReachedQuietAsCaught() {
		RunReport report = passedRun().withBrokenVariant(run(false, FAILED));

		assertThat(report.brokenVariantCaught()).isFalse();
		assertThat(report.text()).contains("ERROR: the broken variant never reached quiet");
	}

	@Test
	void shouldNotCountABrokenVariantThatPassedEveryCheckAsCaught() {
		RunReport report = passedRun().withBrokenVariant(run(true, PASSED));

		assertThat(report.brokenVariantCaught()).isFalse();
		assertThat(report.text()).contains("NOT CAUGHT");
	}

	@Test
	void shouldNameTheAttemptsTheRateLimitRefusedOnlyWhenThereWereAny() {
		RunReport untouched = passedRun();
		RunReport limited = new RunReport(OPTIONS, 10, 0, 5, 1, 3, Duration.ofSeconds(1), List.of(), Map.of(), true,
				Duration.ofSeconds(1), "quiet", List.of(PASSED), null);

		assertThat(untouched.text()).contains("0 retried attempts, 0 answered as replays");
		assertThat(limited.text()).contains("5 retried attempts (3 after a 429 of the rate limit), 1 answered as replays");
	}

	private static RunReport passedRun() {
		return run(true, PASSED);
	}

	private static RunReport run(boolean quiet, Checks.Result check) {
		return new RunReport(OPTIONS, 10, 0, 0, 0, 0, Duration.ofSeconds(1), List.of(), Map.of(), quiet,
				Duration.ofSeconds(1), quiet ? "quiet" : "notification-service is 40 behind on ticket-order-0",
				List.of(check), null);
	}

}
