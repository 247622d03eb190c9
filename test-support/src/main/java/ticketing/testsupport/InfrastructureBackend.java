package ticketing.testsupport;

import java.util.Locale;

/**
 * Where integration tests find their servers. Chosen once per JVM by the system property
 * {@value #PROPERTY} or the environment variable {@code TICKETING_TEST_INFRASTRUCTURE}; {@link #LOCAL} by default.
 */
public enum InfrastructureBackend {

	/**
	 * No Docker needed: a 3-broker KRaft Kafka cluster and an S3 server run inside the test JVM; PostgreSQL and Redis
	 * are the servers at their configured addresses (see {@link TestSettings}).
	 */
	LOCAL,

	/**
	 * Everything in Testcontainers: three Kafka brokers and a controller, PostgreSQL, Redis and MinIO. Where no Docker
	 * engine answers, the tests that need infrastructure are skipped, not failed.
	 */
	CONTAINERS;

	public static final String PROPERTY = "ticketing.test.infrastructure";

	public static InfrastructureBackend configured() {
		return parse(TestSettings.get(PROPERTY, "local"));
	}

	static InfrastructureBackend parse(String value) {
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Unknown test infrastructure '" + value + "' in " + PROPERTY
					+ ": use 'local' (in-process Kafka and S3, local PostgreSQL and Redis) or 'containers' (Docker)");
		}
	}

}
