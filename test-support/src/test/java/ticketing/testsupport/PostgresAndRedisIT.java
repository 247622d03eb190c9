package ticketing.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.redis.RedisTestKeyspace;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL and Redis answer, and each test has its own database and key space that vanish after it. */
@RealInfrastructure
class PostgresAndRedisIT {

	@Test
	void shouldGiveEachTestItsOwnDatabase(PostgresTestDatabase mine, PostgresTestDatabase other) throws SQLException {
		try (Connection connection = mine.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY)");
			statement.execute("INSERT INTO orders VALUES (1)");
		}

		assertThat(tables(mine)).containsExactly("orders");
		assertThat(tables(other)).isEmpty();
	}

	@Test
	void shouldDropTheDatabaseWhenTheTestEnds() throws SQLException {
		PostgresTestDatabase database = TestInfrastructure.postgres().createDatabase();
		assertThat(databaseExists(database.name())).isTrue();

		database.close();

		assertThat(databaseExists(database.name())).isFalse();
	}

	@Test
	void shouldKeepKeysOfOneKeyspaceAwayFromAnotherAndDeleteThemAtTheEnd(RedisTestKeyspace mine) {
		RedisTestKeyspace other = TestInfrastructure.redis().createKeyspace();
		mine.commands().set(mine.prefix() + "user:1", "order-7");
		other.commands().set(other.prefix() + "user:1", "order-8");

		assertThat(mine.keys()).containsExactly(mine.prefix() + "user:1");
		assertThat(mine.commands().get(mine.prefix() + "user:1")).isEqualTo("order-7");

		String otherKey = other.prefix() + "user:1";
		other.close();
		assertThat(mine.commands().exists(otherKey)).isZero();
		assertThat(mine.keys()).hasSize(1);
	}

	private static java.util.List<String> tables(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect();
				ResultSet rs = connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
			java.util.List<String> names = new java.util.ArrayList<>();
			while (rs.next()) {
				names.add(rs.getString("TABLE_NAME"));
			}
			return names;
		}
	}

	private static boolean databaseExists(String name) throws SQLException {
		try (PostgresTestDatabase probe = TestInfrastructure.postgres().createDatabase();
				Connection connection = probe.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
			return rs.next();
		}
	}

}
