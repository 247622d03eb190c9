package ticketing.faults;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a run of the suite is asked for.
 *
 * @param root      the repository (setup/ and the services' jars are found from it)
 * @param dataDir   where the run keeps its brokers' data, S3 objects, logs and report (emptied at the start)
 * @param orders    how many orders the clients place in all
 * @param clients   concurrent clients
 * @param users     distinct buyers (more users: more keys in Redis to check; fewer: more orders per window)
 * @param rate      orders per second for all clients together, so that the load lasts long enough for the faults
 * @param seed      decides the orders and every fault's moment, kind and target: the same seed, the same plan
 * @param processFaults whether to kill, pause and cut off processes (false: only poison records and aborted writes)
 * @param broken    a deliberately broken variant, to show that the checks catch what it does wrong
 * @param thenBroken after the checks, replace notification-service by the broken variant, let it rebuild Redis from
 *                   the same topic, and check again: the suite proves in one run that it catches what it must
 */
record SuiteOptions(Path root, Path dataDir, int orders, int clients, int users, double rate, long seed,
		boolean processFaults, Broken broken, boolean thenBroken) {

	/** A variant of the system that breaks exactly-once, for the suite to catch. */
	enum Broken {

		/** The real services. */
		NONE,

		/** notification-service reads with isolation.level=read_uncommitted: it sees records of aborted transactions. */
		NOTIFICATION_READ_UNCOMMITTED

	}

	static final String USAGE = """
			Usage: ./fault-injection.sh [--orders=N] [--clients=N] [--users=N] [--rate=R] [--seed=S]
			                            [--no-process-faults] [--broken=notification-read-uncommitted] [--then-broken]
			                            [--data-dir=PATH]

			Starts the whole system as separate processes (3 brokers and a controller, S3, Redis, two order-service
			instances, notification-service, analytics-service; PostgreSQL as in ./demo), places the orders from concurrent
			clients while it injects faults at seeded moments, waits for quiet and checks every order everywhere.
			Exits 0 when every check passes (and, with --then-broken, the broken variant is caught), 1 when one fails
			(naming the first orders that differ), 2 on bad options.
			  --orders=N     orders in all (default 10000)
			  --clients=N    concurrent clients (default 8)
			  --users=N      distinct buyers (default 100)
			  --rate=R       orders per second, all clients together (default 20): sets the run's length
			  --seed=S       the plan of orders and faults (default: a random seed, printed so a run can be repeated)
			  --no-process-faults   only poison records, aborted writes and overwritten Redis values; no kill, pause or outage
			  --broken=notification-read-uncommitted
			                 run a deliberately broken notification-service: the checks must fail
			  --then-broken  after the checks, restart notification-service as that broken variant, rebuilding Redis
			                 from the same topic, and check again: that second check must fail
			  --data-dir=PATH  the run's data, logs and report (default: target/fault-injection/ in the repository)
			""";

	/** How long the clients' load is planned to last. */
	Duration plannedLoad() {
		return Duration.ofMillis((long) (orders / rate * 1000));
	}

	static SuiteOptions parse(Path root, String... args) {
		Path dataDir = root.resolve("target/fault-injection");
		int orders = 10_000;
		int clients = 8;
		int users = 100;
		double rate = 20;
		long seed = System.nanoTime();
		boolean processFaults = true;
		Broken broken = Broken.NONE;
		boolean thenBroken = false;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			String value = pair.length > 1 ? pair[1] : "";
			switch (pair[0]) {
				case "--orders" -> orders = positive(arg, value);
				case "--clients" -> clients = positive(arg, value);
				case "--users" -> users = positive(arg, value);
				case "--rate" -> rate = positive(arg, value);
				case "--seed" -> seed = Long.parseLong(value);
				case "--no-process-faults" -> processFaults = false;
				case "--broken" -> {
					if (!value.equals("notification-read-uncommitted")) {
						throw new IllegalArgumentException("Unknown broken variant '" + value + "'.\n\n" + USAGE);
					}
					broken = Broken.NOTIFICATION_READ_UNCOMMITTED;
				}
				case "--then-broken" -> thenBroken = true;
				case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
				default -> throw new IllegalArgumentException("Unknown option '" + arg + "'.\n\n" + USAGE);
			}
		}
		return new SuiteOptions(root, dataDir, orders, clients, users, rate, seed, processFaults, broken, thenBroken);
	}

	private static int positive(String arg, String value) {
		try {
			int n = Integer.parseInt(value);
			if (n > 0) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// below
		}
		throw new IllegalArgumentException(arg + ": a positive whole number is needed.\n\n" + USAGE);
	}

}
