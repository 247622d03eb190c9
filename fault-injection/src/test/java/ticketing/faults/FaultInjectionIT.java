package ticketing.faults;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import ticketing.testsupport.demo.DemoDataSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short seeded run of the fault-injection suite, over the real system: separate JVMs for the brokers and the
 * services, built jars, real PostgreSQL, Redis and S3. One round of every fault during about a minute of orders,
 * then every check must pass; then notification-service, broken on purpose (read_uncommitted), rebuilds Redis from
 * the same topic, and the checks must catch it. All of it on stores of its own: the default demo's data (the database
 * {@code ticketing}, the keys {@code notification:*}, the topics and lake in {@code .demo/}) is as it was before, or
 * still absent where there is none.
 */
class FaultInjectionIT {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	@Test
	@Timeout(value = 15, unit = TimeUnit.MINUTES)
	void shouldKeepEveryOrderExactlyOnceThroughEveryFaultAndCatchTheBrokenVariant() throws Exception {
		SuiteOptions options = SuiteOptions.parse(ROOT, "--orders=600", "--rate=10", "--users=30", "--clients=6",
				"--seed=20261125", "--then-broken",
				"--data-dir=" + ROOT.resolve("fault-injection/target/fault-injection-it"));

		// (A running ./demo changes its own data all the time: then only the run itself is tested.)
		boolean demoRunning = DemoDataSnapshot.aDemoIsRunning();
		DemoDataSnapshot before = DemoDataSnapshot.take(ROOT);

		RunReport report = new FaultInjectionSuite(options).run();

		// The run never touched the default demo's data, nor created it where there is none
		if (demoRunning) {
			System.out.println("A ./demo is running: the demo's data was not compared (" + before.summary() + ")");
		}
		else {
			DemoDataSnapshot after = DemoDataSnapshot.take(ROOT);
			assertThat(after).withFailMessage("The run changed the default demo's data (%s):%n%s", before.summary(),
					before.describeChangesTo(after)).isEqualTo(before);
		}

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
