package ticketing.faults;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The suite's run: start the system, place the orders while the faults happen, wait for quiet, check, report; with
 * {@code --then-broken}, break notification-service, let it rebuild, and check that the checks catch it.
 * {@link #main} is what {@code ./fault-injection.sh} runs; {@code FaultInjectionIT} runs a short seeded one.
 */
public final class FaultInjectionSuite {

	/** How long quiet may take after the load: longer than any transaction timeout and consumer back-off. */
	static final Duration QUIET_TIMEOUT = Duration.ofMinutes(4);

	private final SuiteOptions options;

	private Thread stopOnExit;

	FaultInjectionSuite(SuiteOptions options) {
		this.options = options;
	}

	public static void main(String[] args) {
		java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("ticketing.root", "."))
			.toAbsolutePath()
			.normalize();
		SuiteOptions options;
		try {
			if (List.of(args).contains("--help")) {
				System.out.println(SuiteOptions.USAGE);
				return;
			}
			options = SuiteOptions.parse(root, args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try {
			RunReport report = new FaultInjectionSuite(options).run();
			boolean ok = report.passed() && (!options.thenBroken() || report.brokenVariantCaught());
			System.exit(ok ? 0 : 1);
		}
		catch (Exception ex) {
			System.err.println("The fault-injection run could not complete: " + ex);
			ex.printStackTrace();
			System.exit(1);
		}
	}

	RunReport run() throws Exception {
		FaultPlan plan = FaultPlan.of(options);
		RunningSystem.log("seed " + options.seed() + ": " + options.orders() + " orders over about "
				+ options.plannedLoad().toSeconds() + " s, " + plan.faults().size() + " faults planned; data in "
				+ options.dataDir());
		try (RunningSystem system = new RunningSystem(options)) {
			// Ctrl-C stops every process of the run too.
			stopOnExit = new Thread(system::close, "fault-injection-shutdown");
			Runtime.getRuntime().addShutdownHook(stopOnExit);
			system.start();
			system.createCatalogue(options.users());

			OrderClients clients = new OrderClients(
					RunningSystem.ORDER_SERVICES.stream().map(system::port).toList(), new BearerTokens(system.tokens()),
					options);
			FaultInjector injector = new FaultInjector(system, options, clients);
			Instant loadStart = Instant.now();
			Thread faults = new Thread(() -> {
				try {
					injector.run(plan, loadStart);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "fault-injector");
			faults.setDaemon(true);
			faults.start();
			try {
				// An order is given up only when it could not be placed for longer than any fault lasts.
				clients.run(Duration.ofMinutes(3));
			}
			catch (InterruptedException ex) {
				faults.interrupt();
				throw ex;
			}
			Duration load = Duration.between(loadStart, Instant.now());
			RunningSystem.log("load done: " + clients.acknowledged().size() + " orders acknowledged in "
					+ load.toSeconds() + " s (" + clients.rateLimited() + " attempts answered 429 and sent again); "
					+ "waiting for the faults to end");
			faults.join();

			Checked checked = awaitQuietAndCheck(system, clients, injector);
			RunReport report = new RunReport(options, clients.acknowledged().size(), clients.unacknowledged().size(),
					clients.retries(), clients.replays(), clients.rateLimited(), load, injector.injected(),
					injector.countsByKind(), checked.quiet(), checked.timeToQuiet(), checked.notQuietBecause(),
					checked.results(), null);

			if (options.thenBroken()) {
				RunningSystem.log("the broken variant: notification-service with read_uncommitted, rebuilding Redis");
				system.breakNotificationService();
				Checked broken = awaitQuietAndCheck(system, clients, injector);
				report = report.withBrokenVariant(new RunReport(options, report.acknowledged(),
						report.unacknowledged(), 0, 0, 0, Duration.ZERO, List.of(), java.util.Map.of(), broken.quiet(),
						broken.timeToQuiet(), broken.notQuietBecause(), broken.results(), null));
			}

			String text = report.text();
			System.out.println();
			System.out.println(text);
			Files.writeString(system.dataDir().resolve("report.md"), text);
			RunningSystem.log("report, logs and data: " + system.dataDir());
			return report;
		}
		finally {
			removeShutdownHook();
		}
	}

	private void removeShutdownHook() {
		try {
			if (stopOnExit != null) {
				Runtime.getRuntime().removeShutdownHook(stopOnExit);
			}
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down: the hook runs
		}
	}

	private record Checked(boolean quiet, Duration timeToQuiet, String notQuietBecause, List<Checks.Result> results) {
	}

	private static Checked awaitQuietAndCheck(RunningSystem system, OrderClients clients, FaultInjector injector)
			throws Exception {
		Instant quietStart = Instant.now();
		Quiet quiet = new Quiet(system);
		boolean isQuiet = quiet.await(QUIET_TIMEOUT);
		Duration timeToQuiet = Duration.between(quietStart, Instant.now());
		RunningSystem.log((isQuiet ? "quiet after " : "not quiet after ") + timeToQuiet.toSeconds() + " s"
				+ (isQuiet ? "" : ": " + quiet.lastState()) + "; checking");
		Observations seen = new Observer(system).observe();
		List<Checks.Result> results = new Checks(seen, injector.phantoms(), injector.poisons(), injector.corruptedUsers()).all(
				clients.acknowledged(), clients.unacknowledged(), new Checks.Windows(RunningSystem.WINDOW, RunningSystem.GRACE, RunningSystem.THRESHOLD));
		return new Checked(isQuiet, timeToQuiet, quiet.lastState(), results);
	}

}
