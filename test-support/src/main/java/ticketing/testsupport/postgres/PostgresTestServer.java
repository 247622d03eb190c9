package ticketing.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A PostgreSQL server on which tests create throw-away databases. */
public interface PostgresTestServer extends AutoCloseable {

	String host();

	int port();

	/** A role that may create databases. */
	String username();

	String password();

	default String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
	}

	/** Creates an empty database with a name unique to this call; closing it drops the database. */
	default PostgresTestDatabase createDatabase() {
		String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		execute("CREATE DATABASE " + name);
		created(name);
		return new PostgresTestDatabase(this, name);
	}

	/** Called for each database {@link #createDatabase()} made, so that the server can drop leftovers at its end. */
	default void created(String database) {
	}

	/** Runs one statement in the server's {@code postgres} database. */
	default void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + host() + ":" + port() + " refused '" + sql + "': "
					+ ex.getMessage(), ex);
		}
	}

}
