package ticketing.order;

import org.springframework.test.context.DynamicPropertyRegistry;

import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.security.TestTokens;

/** The settings every integration test of the service shares: its own database, the shared Kafka cluster. */
public final class TestProperties {

	private TestProperties() {
	}

	/** A new database (migrated by the service at startup, its entities validated against it) and the shared Kafka cluster. */
	public static PostgresTestDatabase register(DynamicPropertyRegistry registry) {
		return register(registry, false);
	}

	/**
	 * As {@link #register(DynamicPropertyRegistry)}; with {@code rateLimited}, orders are limited per user as
	 * deployed. Without it, tests may place a few sample users' orders as fast as they can.
	 */
	public static PostgresTestDatabase register(DynamicPropertyRegistry registry, boolean rateLimited) {
		PostgresTestDatabase database = TestInfrastructure.postgres().createDatabase();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		TestInfrastructure.kafka().springProperties().forEach((key, value) -> registry.add(key, () -> value));
		// Hibernate checks at startup that every entity matches the tables the migrations made.
		registry.add("spring.jpa.hibernate.ddl-auto", () -> "validate");
		// Bearer tokens signed by the tests' own key (see Http)
		registry.add(TestTokens.PUBLIC_KEY_LOCATION_PROPERTY, TestTokens::publicKeyLocation);
		registry.add("ticketing.order.api.rate-limit.enabled", () -> rateLimited);
		return database;
	}

}
