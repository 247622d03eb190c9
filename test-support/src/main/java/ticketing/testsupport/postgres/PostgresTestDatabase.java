package ticketing.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A database of one test (or test class) on the shared PostgreSQL server; closing it drops the database. */
public final class PostgresTestDatabase implements AutoCloseable {

	private final PostgresTestServer server;

	private final String name;

	PostgresTestDatabase(PostgresTestServer server, String name) {
		this.server = server;
		this.name = name;
	}

	public String name() {
		return name;
	}

	public String jdbcUrl() {
		return server.jdbcUrl(name);
	}

	public String username() {
		return server.username();
	}

	public String password() {
		return server.password();
	}

	/** A new connection to this database; close it after use. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), username(), password());
	}

	@Override
	public void close() {
		// FORCE: a connection pool that a test left open must not keep the database alive.
		server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
	}

	@Override
	public String toString() {
		return "database " + jdbcUrl();
	}

}
