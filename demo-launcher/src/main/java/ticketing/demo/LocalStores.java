package ticketing.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * PostgreSQL and Redis for the demo: the servers already listening on 127.0.0.1:5432 and :6379 when they answer,
 * otherwise real ones started from Maven artifacts with their data in the demo folder, so that a laptop with only a JDK
 * runs the demo too.
 */
final class LocalStores implements AutoCloseable {

	static final int POSTGRES_PORT = 5432;

	static final int REDIS_PORT = 6379;

	private EmbeddedPostgres embeddedPostgres;

	private RedisServer embeddedRedis;

	String startPostgres(Path dataDir, String database) throws IOException {
		String origin;
		if (Ports.isOpen("127.0.0.1", POSTGRES_PORT)) {
			origin = "the PostgreSQL server already on 127.0.0.1:" + POSTGRES_PORT;
		}
		else {
			embeddedPostgres = EmbeddedPostgres.builder()
				.setPort(POSTGRES_PORT)
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.start();
			origin = "an embedded PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + ", data in " + dataDir;
		}
		createDatabaseIfMissing(database);
		return origin;
	}

	String startRedis() throws IOException {
		if (Ports.isOpen("127.0.0.1", REDIS_PORT)) {
			return "the Redis server already on 127.0.0.1:" + REDIS_PORT;
		}
		embeddedRedis = RedisServer.newRedisServer()
			.port(REDIS_PORT)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		embeddedRedis.start();
		return "an embedded Redis on 127.0.0.1:" + REDIS_PORT + " (keeps nothing on disk)";
	}

	private static void createDatabaseIfMissing(String database) {
		String url = "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet exists = statement
					.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
			if (!exists.next()) {
				statement.execute("CREATE DATABASE " + database);
			}
		}
		catch (SQLException ex) {
			throw new DemoException("PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + " did not let user 'postgres' "
					+ "create the database '" + database + "': " + ex.getMessage()
					+ ". The demo expects trust authentication on loopback (as on a fresh embedded server).", ex);
		}
	}

	@Override
	public void close() throws IOException {
		if (embeddedRedis != null) {
			embeddedRedis.stop();
		}
		if (embeddedPostgres != null) {
			embeddedPostgres.close();
		}
	}

}
