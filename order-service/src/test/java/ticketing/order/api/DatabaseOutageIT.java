package ticketing.order.api;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import ticketing.order.Http;
import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.net.TcpProxy;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL unreachable (the connection cut by a proxy, the shared server untouched): the API answers 503 with a
 * problem body and Retry-After, and recovers by itself once the database is reachable again.
 */
@RealInfrastructure
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ticketing.order.relay.enabled=false", "spring.datasource.hikari.connection-timeout=1000" })
class DatabaseOutageIT {

	private static final TcpProxy proxy = new TcpProxy(TestInfrastructure.postgres().host(),
			TestInfrastructure.postgres().port());

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		PostgresTestDatabase database = TestProperties.register(registry);
		registry.add("spring.datasource.url", () -> database.jdbcUrl()
			.replace(":" + TestInfrastructure.postgres().port() + "/", ":" + proxy.port() + "/"));
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@LocalServerPort
	int port;

	@Test
	void shouldAnswer503WhileTheDatabaseIsDownAndRecoverByItself() {
		// Given
		Http http = new Http(port);
		assertThat(http.get("/users/100").statusCode()).isEqualTo(200);

		// When the database becomes unreachable
		proxy.cut();

		// Then reads and writes are 503 problems, with nothing internal in them
		for (HttpResponse<String> response : new HttpResponse[] { http.get("/users/100"),
				http.postJson("/orders", "{\"userId\": 100, \"contentId\": 1}"), http.get("/orders?userId=100") }) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
			assertThat(Http.json(response).get("detail").asString()).contains("unavailable");
			assertThat(response.body()).doesNotContain("Exception", "jdbc", "5432");
		}
		// and the instance is not ready (out of the load balancer) but alive (no restart would help)
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503));
		assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

		// When it is back, the service recovers without a restart
		proxy.open();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(http.get("/users/100").statusCode()).isEqualTo(200);
		});
		assertThat(http.postJson("/orders", "{\"userId\": 100, \"contentId\": 1}").statusCode()).isEqualTo(201);
		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

}
