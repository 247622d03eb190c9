package ticketing.faults;

/** The faults the suite injects, each at seeded moments of the run. */
enum FaultKind {

	KILL_ORDER_SERVICE("kill -9 of the order-service instance that runs the relay", true),

	PAUSE_RELAY("SIGSTOP of the relay's instance until the other one took over, then SIGCONT (a zombie)", true),

	KILL_LEADING_BROKER("kill -9 of the broker leading most ticket-order partitions, then its restart", true),

	KILL_NOTIFICATION_SERVICE("kill -9 of notification-service, then its restart", true),

	KILL_ANALYTICS_SERVICE("kill -9 of analytics-service (lake and Kafka Streams), then its restart", true),

	PAUSE_ANALYTICS_SERVICE("SIGSTOP of analytics-service past its session timeout, until the second instance took the "
			+ "lake's partitions over and wrote them, then SIGCONT (a stale lake writer)", true),

	RESTART_REDIS_EMPTY("Redis restarted empty (notification-service must notice and rebuild by itself)", true),

	S3_OUTAGE("the S3 server cut off from analytics-service for a few seconds", true),

	POSTGRES_OUTAGE("PostgreSQL cut off from order-service for a few seconds", true),

	POISON_RECORDS("records that are not valid events written into ticket-order", false),

	ABORTED_WRITE("order events written in a Kafka transaction that is then aborted", false),

	CORRUPT_REDIS_VALUE("a user's Redis value overwritten with one that is no purchase, then an order of the user placed",
			false);

	private final String description;

	private final boolean processFault;

	FaultKind(String description, boolean processFault) {
		this.description = description;
		this.processFault = processFault;
	}

	String description() {
		return description;
	}

	/** Whether it kills, pauses or cuts off a process (left out with --no-process-faults). */
	boolean processFault() {
		return processFault;
	}

}
