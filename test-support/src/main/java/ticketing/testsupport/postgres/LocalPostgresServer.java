package ticketing.testsupport.postgres;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ticketing.testsupport.TestSettings;

/**
 * The PostgreSQL server at the configured address: {@code ticketing.test.postgres.host}, {@code .port},
 * {@code .username} and {@code .password} (127.0.0.1, 5432, postgres and no password by default, for a server with
 * trust authentication on loopback).
 */
public final class LocalPostgresServer implements PostgresTestServer {

	private final String host;

	private final int port;

	private final String username;

	private final String password;

	/** Databases made by this JVM; a Spring test context may keep one open to the end, so they are dropped here. */
	private final Queue<String> databases = new ConcurrentLinkedQueue<>();

	private LocalPostgresServer(String host, int port, String username, String password) {
		this.host = host;
		this.port = port;
		this.username = username;
		this.password = password;
	}

	public static LocalPostgresServer connect() {
		LocalPostgresServer server = new LocalPostgresServer(
				TestSettings.get("ticketing.test.postgres.host", "127.0.0.1"),
				TestSettings.getInt("ticketing.test.postgres.port", 5432),
				TestSettings.get("ticketing.test.postgres.username", "postgres"),
				TestSettings.get("ticketing.test.postgres.password", ""));
		try {
			server.execute("SELECT 1");
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("No PostgreSQL server answers at " + server.host + ":" + server.port
					+ " as '" + server.username + "'. Start it (.ci/run shows how), point the tests elsewhere with "
					+ "ticketing.test.postgres.host/port/username/password, or run them with "
					+ "-Dticketing.test.infrastructure=containers where Docker runs. Cause: " + ex.getMessage(), ex);
		}
		return server;
	}

	@Override
	public String host() {
		return host;
	}

	@Override
	public int port() {
		return port;
	}

	@Override
	public String username() {
		return username;
	}

	@Override
	public String password() {
		return password;
	}

	@Override
	public void created(String database) {
		databases.add(database);
	}

	/** Drops the databases this JVM made and left; the server itself is not ours to stop. */
	@Override
	public void close() {
		for (String database : databases) {
			try {
				execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
			}
			catch (IllegalStateException ex) {
				// The JVM is exiting; a leftover database is harmless.
			}
		}
	}

}
