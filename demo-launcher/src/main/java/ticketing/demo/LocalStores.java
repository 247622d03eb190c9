package ticketing.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * PostgreSQL and Redis for the demo: the servers already listening on 127.0.0.1:5432 and :6379 when they answer,
 * otherwise real ones started from Maven artifacts with their data in the demo folder, so that a laptop with only a JDK
 * runs the demo too.
 */
public final class LocalStores implements AutoCloseable {

	public static final int POSTGRES_PORT = 5432;

	static final int REDIS_PORT = 6379;

	private EmbeddedPostgres embeddedPostgres;

	private RedisServer embeddedRedis;

	/**
	 * What {@code ./demo --reset} must also clear when the demo uses servers it did not start: its database and its
	 * Redis keys. Kafka's topics, the S3 objects and an embedded server's data are in the data folder, already gone.
	 */
	void reset(String database, String redisKeyPattern) throws IOException {
		if (embeddedPostgres == null) {
			execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
		if (embeddedRedis == null) {
			deleteRedisKeys(redisKeyPattern);
		}
	}

	public String startPostgres(Path dataDir) throws IOException {
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

	public static void createDatabaseIfMissing(String database) {
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

	/**
	 * Creates order-service's own role if the server has none of that name (a role belongs to the server, not to one
	 * database): it may sign in, and the migrations, run as {@code postgres}, let it read and write rows only.
	 */
	public static void createApplicationRoleIfMissing(String role, String password) {
		if (!role.matches("[a-z_][a-z0-9_]*") || password.contains("'")) {
			throw new DemoException("postgres.app-user must be a lower-case SQL name and postgres.app-password hold no "
					+ "quote (setup/demo/demo.properties)");
		}
		execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE "
				+ role + " LOGIN PASSWORD '" + password + "'; END IF; END $$");
	}

	/** Drops the database (closing its connections) and creates it empty. */
	public static void recreateDatabase(String database) {
		execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		createDatabaseIfMissing(database);
	}

	private static void execute(String sql) {
		String url = "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new DemoException("PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + " refused '" + sql + "': "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Creates (or resets) notification-service's Redis user: its password, the demo's keys only ({@code keyPrefix*}),
	 * and the commands of {@code setup/redis/notification-service.acl}. The user belongs to the server, so its name
	 * carries the demo's key prefix: two demos on one Redis each keep their own.
	 */
	static void createRedisUser(String name, String password, String keyPrefix, Path rulesFile) throws IOException {
		List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on", ">" + password,
				"~" + keyPrefix + "*"));
		command.addAll(redisAclRules(rulesFile));
		if (sendToRedis(command.toArray(String[]::new)) != '+') {
			throw new DemoException("Redis on 127.0.0.1:" + REDIS_PORT + " did not create the user " + name
					+ " (ACL SETUSER needs Redis 6 or later, and a default user allowed to run it)");
		}
	}

	/** The ACL rules of a file such as setup/redis/notification-service.acl: its words outside comments. */
	public static List<String> redisAclRules(Path rulesFile) throws IOException {
		List<String> rules = new ArrayList<>();
		for (String line : Files.readAllLines(rulesFile)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				rules.addAll(List.of(line.trim().split("\\s+")));
			}
		}
		return rules;
	}

	/** Deletes the keys matching the pattern with one server-side script (RESP over a plain socket). */
	static void deleteRedisKeys(String pattern) throws IOException {
		String script = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end return n";
		if (sendToRedis("EVAL", script, "0", pattern) != ':') {
			throw new DemoException("Redis on 127.0.0.1:" + REDIS_PORT + " did not delete the demo's keys "
					+ pattern + "; delete them with redis-cli --scan --pattern '" + pattern + "' | xargs redis-cli del");
		}
	}

	/** Sends one command (RESP over a plain socket, as the default user) and returns the type byte of the reply. */
	private static int sendToRedis(String... command) throws IOException {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", REDIS_PORT)) {
			socket.setSoTimeout(10_000);
			var out = socket.getOutputStream();
			out.write(resp(command));
			out.flush();
			return socket.getInputStream().read();
		}
	}

	private static byte[] resp(String... parts) {
		StringBuilder command = new StringBuilder("*").append(parts.length).append("\r\n");
		for (String part : parts) {
			byte[] bytes = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			command.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
		}
		return command.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
