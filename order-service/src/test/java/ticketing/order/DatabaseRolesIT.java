package ticketing.order;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service deployed as in ./demo and compose: it reads and writes rows as a role of its own, and the migrations
 * run as the database's owner. The role does all the service's work, and cannot change the schema or the migrations'
 * history: what a stolen application password or an injected statement could otherwise do.
 */
@RealInfrastructure
// Closed after the class: its database and role are dropped then.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "ticketing.order.relay.enabled=false")
class DatabaseRolesIT {

	private static final String ROLE = "order_app_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String PASSWORD = "order-app-" + UUID.randomUUID();

	private static PostgresTestDatabase database;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws SQLException {
		database = TestProperties.register(registry);
		try (Connection owner = database.connect(); Statement statement = owner.createStatement()) {
			statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
		}
		// The service as its own role; Flyway as the database's owner
		registry.add("spring.datasource.username", () -> ROLE);
		registry.add("spring.datasource.password", () -> PASSWORD);
		registry.add("spring.flyway.user", database::username);
		registry.add("spring.flyway.password", database::password);
	}

	@AfterAll
	static void dropRole() throws SQLException {
		database.close();
		try (Connection server = DriverManager.getConnection(database.jdbcUrl().replace(database.name(), "postgres"),
				database.username(), database.password()); Statement statement = server.createStatement()) {
			statement.execute("DROP ROLE IF EXISTS " + ROLE);
		}
	}

	@LocalServerPort
	int port;

	@Test
	void shouldPlaceAndReadOrdersAsItsOwnRole() {
		Http http = new Http(port);

		var placed = http.postJson("/orders", "{\"userId\":100,\"contentId\":1}");

		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		assertThat(http.get("/orders/" + Http.json(placed).get("id").asLong()).statusCode()).isEqualTo(200);
		assertThat(http.get("/users/100").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE ticket_orders ADD COLUMN discount INT", "DROP TABLE order_outbox",
			"CREATE TABLE public.shadow (id INT)", "TRUNCATE ticket_orders",
			"CREATE TRIGGER copy AFTER INSERT ON ticket_orders FOR EACH ROW EXECUTE FUNCTION notify_order_outbox()",
			"DELETE FROM flyway_schema_history", "UPDATE flyway_schema_history SET checksum = 0" })
	void shouldNotLetItsRoleChangeTheSchemaOrTheMigrationsHistory(String statement) throws SQLException {
		try (Connection application = DriverManager.getConnection(database.jdbcUrl(), ROLE, PASSWORD);
				Statement sql = application.createStatement()) {
			assertThatThrownBy(() -> sql.execute(statement)).isInstanceOf(SQLException.class)
				.satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).as(ex.getMessage())
					// insufficient_privilege, or "must be owner of table"
					.isIn("42501"));
		}
	}

}
