package ticketing.benchmark;

/**
 * The database and Redis key prefix of the benchmark's own demo stack. {@code ./demo} gives a demo started on another
 * data folder names of its own (so the benchmark never touches the data of the user's demo) and prints them;
 * {@code benchmark.sh} passes them on as {@code -Dbenchmark.database} and {@code -Dbenchmark.redis-key-prefix}.
 *
 * @param database       order-service's PostgreSQL database
 * @param redisKeyPrefix the start of notification-service's Redis keys
 */
record DemoStores(String database, String redisKeyPrefix) {

	static DemoStores fromSystemProperties() {
		String database = System.getProperty("benchmark.database");
		String prefix = System.getProperty("benchmark.redis-key-prefix");
		if (database == null || prefix == null) {
			throw new IllegalStateException("-Dbenchmark.database and -Dbenchmark.redis-key-prefix name the stores of "
					+ "the benchmark's demo stack (./demo prints them); run ./benchmark.sh, which passes them");
		}
		return new DemoStores(database, prefix);
	}

}
