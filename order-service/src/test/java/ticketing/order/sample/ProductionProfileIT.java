package ticketing.order.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The prod profile migrates the schema and loads no sample data. */
@RealInfrastructure
@ActiveProfiles("prod")
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(properties = "ticketing.order.relay.enabled=false")
class ProductionProfileIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
	}

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldCreateTheSchemaWithoutSampleData() {
		assertThat(count("users")).isZero();
		assertThat(count("contents")).isZero();
		assertThat(count("ticket_orders")).isZero();
		assertThat(count("order_outbox")).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE script LIKE '%sample%'")
			.query(Long.class)
			.single()).isZero();
	}

	private long count(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
