package ticketing.order.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.Location;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import ticketing.order.domain.OrderService;

/**
 * The sample data of the demo and the tests, behind one switch, {@code ticketing.sample-data.enabled}: 5 users and 6
 * contents from the Flyway location {@code db/sample-data}, and 9 orders placed through {@link OrderService} at
 * startup, so that they reach Kafka through the outbox like any other order.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("ticketing.sample-data.enabled")
class SampleData {

	private static final Logger log = LoggerFactory.getLogger(SampleData.class);

	/** (user id, content id) of the sample orders. */
	static final List<long[]> ORDERS = List.of(new long[] { 100, 1 }, new long[] { 101, 2 }, new long[] { 100, 3 },
			new long[] { 102, 4 }, new long[] { 103, 5 }, new long[] { 104, 6 }, new long[] { 100, 5 },
			new long[] { 101, 1 }, new long[] { 102, 3 });

	/** An arbitrary constant: the advisory lock that keeps two instances starting at once from both placing them. */
	private static final long LOCK = 0x5A3D1E_0001L;

	@Bean
	FlywayConfigurationCustomizer sampleCatalog() {
		return (flyway) -> {
			var locations = new ArrayList<>(List.of(flyway.getLocations()));
			locations.add(new Location("classpath:db/sample-data"));
			flyway.locations(locations.toArray(Location[]::new));
		};
	}

	/** Places the sample orders once, on a database that has no orders yet. */
	@Bean
	ApplicationRunner sampleOrders(OrderService orderService, JdbcClient jdbc, TransactionTemplate transactions) {
		return (args) -> transactions.executeWithoutResult((status) -> {
			jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
			long existing = jdbc.sql("SELECT count(*) FROM ticket_orders").query(Long.class).single();
			if (existing == 0) {
				ORDERS.forEach((order) -> orderService.place(order[0], order[1], null, newTraceparent()));
				log.info("Placed {} sample orders", ORDERS.size());
			}
		});
	}

	private static String newTraceparent() {
		String hex = UUID.randomUUID().toString().replace("-", "");
		return "00-" + hex + "-" + hex.substring(0, 16) + "-01";
	}

}
