package ticketing.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** What a run did and found; {@link #text()} is the table the suite prints and writes to report.md. */
record RunReport(SuiteOptions options, int acknowledged, int unacknowledged, long retries, long replays,
		long rateLimited, Duration load, List<FaultInjector.Injected> faults, Map<FaultKind, Long> faultCounts,
		boolean quiet, Duration timeToQuiet, String notQuietBecause, List<Checks.Result> checks,
		@Nullable RunReport brokenVariant) {

	/**
	 * Whether the broken variant run after the checks (--then-broken) was caught: it reached quiet, and a named check
	 * failed then. A variant that never reaches quiet is an error of the run, not a catch: nothing was compared.
	 */
	boolean brokenVariantCaught() {
		return brokenVariant != null && brokenVariant.quiet()
				&& brokenVariant.checks().stream().anyMatch((check) -> !check.passed());
	}

	RunReport withBrokenVariant(RunReport broken) {
		return new RunReport(options, acknowledged, unacknowledged, retries, replays, rateLimited, load, faults,
				faultCounts, quiet, timeToQuiet, notQuietBecause, checks, broken);
	}

	boolean passed() {
		return quiet && checks.stream().allMatch(Checks.Result::passed)
				&& faults.stream().noneMatch(FaultInjector.Injected::failed);
	}

	/** The kills and pauses of a running relay. */
	List<FaultInjector.Injected> relayStops() {
		return faults.stream().filter((fault) -> fault.relayMidTransaction() != null).toList();
	}

	/** How many of them caught the relay between sending its records and committing them. */
	long relayStopsMidTransaction() {
		return relayStops().stream().filter((fault) -> Boolean.TRUE.equals(fault.relayMidTransaction())).count();
	}

	long duplicates() {
		return checks.stream().mapToLong(Checks.Result::duplicates).sum();
	}

	long losses() {
		return checks.stream().mapToLong(Checks.Result::losses).sum();
	}

	String text() {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Fault-injection run: seed %d, %d orders from %d clients at %.0f/s, %d users%s%n",
				options.seed(), options.orders(), options.clients(), options.rate(), options.users(),
				options.broken() == SuiteOptions.Broken.NONE ? "" : ", BROKEN VARIANT " + options.broken()));
		// The 429s only when there were any: the line reads as before for runs the rate limit never touched
		out.append(String.format(Locale.ROOT,
				"Orders: %d acknowledged, %d not acknowledged; %d retried attempts%s, %d answered as replays; "
						+ "load %.0f s%n",
				acknowledged, unacknowledged, retries,
				rateLimited == 0 ? "" : " (" + rateLimited + " after a 429 of the rate limit)", replays,
				load.toMillis() / 1000.0));
		out.append("Faults injected:");
		if (faultCounts.isEmpty()) {
			out.append(" none");
		}
		faultCounts.forEach((kind, count) -> out.append(" ").append(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.append(" ").append(count).append(","));
		if (!faultCounts.isEmpty()) {
			out.setLength(out.length() - 1);
		}
		out.append(System.lineSeparator());
		List<FaultInjector.Injected> relayStops = relayStops();
		if (!relayStops.isEmpty()) {
			out.append(String.format(Locale.ROOT, "Relay killed or paused with its Kafka transaction open: %d of %d%n",
					relayStopsMidTransaction(), relayStops.size()));
		}
		faults.stream().filter(FaultInjector.Injected::failed).forEach((fault) -> out.append("  FAILED to inject ")
			.append(fault.kind()).append(": ").append(fault.detail()).append(System.lineSeparator()));
		out.append(quiet ? String.format(Locale.ROOT, "Time to quiet after the load and the last fault: %.1f s%n", timeToQuiet.toMillis() / 1000.0)
				: "NOT QUIET after " + timeToQuiet.toSeconds() + " s: " + notQuietBecause + System.lineSeparator());
		out.append(String.format(Locale.ROOT, "Duplicates: %d, losses: %d%n%n", duplicates(), losses()));
		out.append("| # | check | result | counted |").append(System.lineSeparator());
		out.append("|---|-------|--------|---------|").append(System.lineSeparator());
		for (Checks.Result check : checks) {
			out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", check.number(), check.name(),
					check.passed() ? "pass" : "FAIL (" + check.differences().size() + ")", check.summary()));
		}
		for (Checks.Result check : checks) {
			if (!check.passed()) {
				out.append(System.lineSeparator()).append("Check ").append(check.number()).append(" differs first at:")
					.append(System.lineSeparator());
				check.differences().stream().limit(Checks.SHOWN).forEach((d) -> out.append("  - ").append(d)
					.append(System.lineSeparator()));
			}
		}
		out.append(System.lineSeparator()).append(passed() ? "PASSED" : "FAILED").append(System.lineSeparator());
		if (brokenVariant != null) {
			out.append(System.lineSeparator())
				.append("Then the same topic, rebuilt into Redis by notification-service with isolation.level=read_uncommitted:")
				.append(System.lineSeparator());
			brokenVariant.checks().stream().filter((check) -> !check.passed()).forEach((check) -> {
				out.append("  check ").append(check.number()).append(" (").append(check.name()).append(") FAILS:")
					.append(System.lineSeparator());
				check.differences().stream().limit(Checks.SHOWN).forEach((d) -> out.append("    - ").append(d)
					.append(System.lineSeparator()));
			});
			if (!brokenVariant.quiet()) {
				out.append("ERROR: the broken variant never reached quiet (" + brokenVariant.notQuietBecause()
						+ "); nothing was compared, so it was not caught either");
			}
			else {
				out.append(brokenVariantCaught() ? "CAUGHT: the broken variant fails the checks"
						: "NOT CAUGHT: the broken variant passed every check");
			}
			out.append(System.lineSeparator());
		}
		return out.toString();
	}

}
