package ticketing.faults;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short seeded run of the fault-injection suite, over the real system: separate JVMs for the brokers and the
 * services, built jars, real PostgreSQL, Redis and S3. One round of every fault during about a minute of orders,
 * then every check must pass; then notification-service, broken on purpose (read_uncommitted), rebuilds Redis from
 * the same topic, and the checks must catch it.
 */
class FaultInjectionIT {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	@Test
	@Timeout(value = 15, unit = TimeUnit.MINUTES)
	void shouldKeepEveryOrderExactlyOnceThroughEveryFaultAndCatchTheBrokenVariant() throws Exception {
		SuiteOptions options = SuiteOptions.parse(ROOT, "--orders=600", "--rate=10", "--users=30", "--clients=6",
				"--seed=20261125", "--then-broken",
				"--data-dir=" + ROOT.resolve("fault-injection/target/fault-injection-it"));

		RunReport report = new FaultInjectionSuite(options).run();

		// Every fault happened, the system recovered from all of them, and every order is where it must be, once
		assertThat(report.faultCounts()).as(report.text()).containsOnlyKeys(FaultKind.values());
		assertThat(report.faults()).noneMatch(FaultInjector.Injected::failed);
		// and the relay was caught with its transaction open (a fault queued behind a restart may find the load over)
		assertThat(report.relayStopsMidTransaction()).as(report.text()).isPositive();
		// (the paced orders, and one for each user whose Redis value a fault overwrote)
		assertThat(report.acknowledged()).isEqualTo(600 + report.faultCounts().get(FaultKind.CORRUPT_REDIS_VALUE));
		assertThat(report.quiet()).as(report.text()).isTrue();
		assertThat(report.checks()).as(report.text()).allMatch(Checks.Result::passed);
		assertThat(report.duplicates()).isZero();
		assertThat(report.losses()).isZero();

		// The broken variant shows the aborted orders as users' latest purchases, and the suite names them
		assertThat(report.brokenVariantCaught()).as(report.text()).isTrue();
		Checks.Result redis = report.brokenVariant().checks().get(2);
		assertThat(redis.passed()).isFalse();
		assertThat(redis.differences()).anyMatch((d) -> d.contains("written in a transaction that was aborted"));
	}

}
