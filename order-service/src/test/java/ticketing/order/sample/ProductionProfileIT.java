package ticketing.order.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import ticketing.order.Http;
import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The prod profile migrates the schema, loads no sample data and serves no Swagger UI. */
@RealInfrastructure
@ActiveProfiles("prod")
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "ticketing.order.relay.enabled=false")
class ProductionProfileIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
	}

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

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

	@Test
	void shouldDescribeTheApiButServeNoInteractiveConsole() {
		Http http = new Http(port);

		assertThat(http.get("/v3/api-docs").statusCode()).isEqualTo(200);
		assertThat(http.get("/swagger-ui.html").statusCode()).isEqualTo(404);
		assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(404);
	}

	@Test
	void shouldSignNobodyInWithoutAnIdentityProvidersToken() {
		Http anonymous = new Http(port).anonymous();

		// The page is served, and asks for a token: no demo sign-in is configured in production
		assertThat(anonymous.get("/").statusCode()).isEqualTo(200);
		assertThat(Http.json(anonymous.get("/page-settings")).get("demoSignIn").asBoolean()).isFalse();
		assertThat(anonymous.postJson("/demo/sign-in", "{\"userId\": 100}").statusCode()).isEqualTo(404);
		assertThat(anonymous.get("/demo/users").statusCode()).isEqualTo(404);
	}

	private long count(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
