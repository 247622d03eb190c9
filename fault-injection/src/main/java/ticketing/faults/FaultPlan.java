package ticketing.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * When each fault happens, decided by the seed alone: the planned load is cut into rounds of about 90 seconds and each
 * fault kind happens once per round, at a random moment within it (the first round starts after 10% of the load, so
 * that the system is busy when it is hurt). How long an outage lasts is also drawn from the seed.
 */
record FaultPlan(List<Planned> faults) {

	/** One fault: its kind, when after the start of the load, and how long it lasts (outages, downtimes). */
	record Planned(FaultKind kind, Duration at, Duration length) {
	}

	static final Duration ROUND = Duration.ofSeconds(90);

	static FaultPlan of(SuiteOptions options) {
		Random random = new Random(options.seed());
		long load = options.plannedLoad().toMillis();
		int rounds = (int) Math.max(1, Math.round((double) load / ROUND.toMillis()));
		long begin = load / 10;
		long roundLength = (load - begin) / rounds;
		List<Planned> faults = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (FaultKind kind : FaultKind.values()) {
				// Drawn for every kind, used or not, so that --no-process-faults keeps the other faults' moments.
				long at = begin + round * roundLength + (long) (random.nextDouble() * roundLength * 0.8);
				long length = 2_000 + random.nextInt(6_000);
				if (kind.processFault() && !options.processFaults()) {
					continue;
				}
				faults.add(new Planned(kind, Duration.ofMillis(at), Duration.ofMillis(length)));
			}
		}
		faults.sort(Comparator.comparing(Planned::at));
		return new FaultPlan(List.copyOf(faults));
	}

}
