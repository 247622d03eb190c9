package ticketing.testsupport.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * What the user of the default {@code ./demo} would see of its data: the database {@code ticketing}, the Redis keys
 * {@code notification:*} and the files of the data folder {@code .demo/} (Kafka's log directories and the S3 server's
 * objects, i.e. the topics and the lake). Two snapshots are equal when none of it changed, so a tool that must never
 * touch the demo's data (the benchmark, the fault-injection suite) is tested by taking one before and one after it.
 * <p>
 * It only reads: where there is no demo (no such database, no keys, no folder, as on a build machine) the snapshot is
 * empty, and an empty one still catches a tool that creates any of them. The names are those of the README and of
 * {@code DemoStoreNames} for the default folder ({@code DemoStoreNamesIT} asserts them); the servers are where
 * {@code ./demo} finds them (PostgreSQL on 127.0.0.1:5432 as user postgres, Redis on 127.0.0.1:6379).
 *
 * @param databaseExists whether the database {@code ticketing} exists
 * @param tables         each table of the database (outside the system schemas) by {@code schema.table}
 * @param redisKeys      each key matching {@code notification:*}, with its type and a digest of its content
 * @param folderExists   whether the folder {@code .demo/} exists
 * @param files          each file under {@code .demo/} by its path relative to it
 */
public record DemoDataSnapshot(boolean databaseExists, SortedMap<String, Table> tables,
		SortedMap<String, String> redisKeys, boolean folderExists, SortedMap<String, FileState> files) {

	/** The default demo's database, Redis key pattern and data folder (of the repository root). */
	public static final String DATABASE = "ticketing";

	public static final String REDIS_KEY_PATTERN = "notification:*";

	public static final String DATA_FOLDER = ".demo";

	private static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";

	private static final RedisURI REDIS_SERVER = RedisURI.builder()
		.withHost("127.0.0.1")
		.withPort(6379)
		.withTimeout(Duration.ofSeconds(10))
		.build();

	/**
	 * One table: its row count and an MD5 of all its rows as text, in their text order (so the same rows in another
	 * physical order, after a VACUUM say, are the same).
	 */
	public record Table(long rows, String md5) {
	}

	/** One file: its size and modification time (Kafka's segments and checkpoints, S3's objects all change both). */
	public record FileState(long size, Instant lastModified) {
	}

	/** The default demo's data of the repository at {@code root}, now. */
	public static DemoDataSnapshot take(Path root) {
		Path folder = root.resolve(DATA_FOLDER);
		SortedMap<String, Table> tables = readTables();
		return new DemoDataSnapshot(tables != null, tables != null ? tables : new TreeMap<>(), readRedisKeys(),
				Files.isDirectory(folder), readFiles(folder));
	}

	/**
	 * Whether a {@code ./demo} (of this or any other checkout) runs on this machine: its first broker's port 19092
	 * answers. A running demo changes its own data (Kafka rewrites its checkpoint files every few seconds), so two
	 * snapshots taken while it runs cannot tell what a tool did.
	 */
	public static boolean aDemoIsRunning() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 19092), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** What changed from this snapshot to {@code after}, one line per table, key or file: empty when nothing did. */
	public List<String> changesTo(DemoDataSnapshot after) {
		List<String> changes = new ArrayList<>();
		if (databaseExists != after.databaseExists) {
			changes.add("database " + DATABASE + (after.databaseExists ? " created" : " dropped"));
		}
		if (folderExists != after.folderExists) {
			changes.add("folder " + DATA_FOLDER + "/" + (after.folderExists ? " created" : " deleted"));
		}
		changes(changes, "table ", tables, after.tables);
		changes(changes, "Redis key ", redisKeys, after.redisKeys);
		changes(changes, "file " + DATA_FOLDER + "/", files, after.files);
		return changes;
	}

	/** {@link #changesTo} for a failure message: the first 50 lines (a demo has hundreds of files), and how many more. */
	public String describeChangesTo(DemoDataSnapshot after) {
		List<String> changes = changesTo(after);
		List<String> lines = new ArrayList<>(changes.subList(0, Math.min(50, changes.size())));
		if (changes.size() > lines.size()) {
			lines.add("... and " + (changes.size() - lines.size()) + " more");
		}
		return String.join(System.lineSeparator(), lines);
	}

	/** One line, for a test's output: what there is. */
	public String summary() {
		return "database " + DATABASE + (databaseExists ? ": " + tables.size() + " tables" : " absent") + "; "
				+ redisKeys.size() + " keys " + REDIS_KEY_PATTERN + "; folder " + DATA_FOLDER + "/"
				+ (folderExists ? ": " + files.size() + " files" : " absent");
	}

	private static <V> void changes(List<String> changes, String what, Map<String, V> before, Map<String, V> after) {
		Set<String> names = new TreeSet<>(before.keySet());
		names.addAll(after.keySet());
		for (String name : names) {
			V was = before.get(name);
			V is = after.get(name);
			if (was == null) {
				changes.add(what + name + " added: " + is);
			}
			else if (is == null) {
				changes.add(what + name + " removed (was " + was + ")");
			}
			else if (!was.equals(is)) {
				changes.add(what + name + " changed: " + was + " -> " + is);
			}
		}
	}

	/** The tables of the database {@code ticketing}, or null when there is no such database (or no server). */
	private static @Nullable SortedMap<String, Table> readTables() {
		try (Connection server = DriverManager.getConnection(POSTGRES_SERVER + "postgres", "postgres", "");
				PreparedStatement exists = server.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, DATABASE);
			try (ResultSet row = exists.executeQuery()) {
				if (!row.next()) {
					return null;
				}
			}
		}
		catch (SQLException ex) {
			if ("08001".equals(ex.getSQLState())) {
				return null; // no PostgreSQL server at all: then there is no demo database either
			}
			throw new IllegalStateException("Cannot read the databases of the PostgreSQL server", ex);
		}
		SortedMap<String, Table> tables = new TreeMap<>();
		try (Connection database = DriverManager.getConnection(POSTGRES_SERVER + DATABASE, "postgres", "");
				Statement statement = database.createStatement()) {
			// Read-only, and one consistent view of all tables
			database.setReadOnly(true);
			database.setAutoCommit(false);
			database.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			List<String> names = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
					+ "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
				while (rows.next()) {
					names.add(rows.getString(1));
				}
			}
			for (String name : names) {
				try (ResultSet row = statement.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' "
						+ "ORDER BY t::text), '')) FROM " + name + " t")) {
					row.next();
					tables.put(name, new Table(row.getLong(1), row.getString(2)));
				}
			}
			database.rollback();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the database " + DATABASE, ex);
		}
		return tables;
	}

	/** The keys {@code notification:*}: none where no Redis server runs (then the demo has no keys either). */
	private static SortedMap<String, String> readRedisKeys() {
		SortedMap<String, String> keys = new TreeMap<>();
		RedisClient client = RedisClient.create(REDIS_SERVER);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			// SCAN, not KEYS: the demo's Redis may hold many keys, and KEYS blocks the server while it runs
			ScanArgs matching = ScanArgs.Builder.matches(REDIS_KEY_PATTERN).limit(1000);
			KeyScanCursor<String> cursor = redis.scan(matching);
			while (true) {
				for (String key : cursor.getKeys()) {
					String type = redis.type(key);
					keys.put(key, type + " " + sha256(content(redis, key, type)));
				}
				if (cursor.isFinished()) {
					break;
				}
				cursor = redis.scan(ScanCursor.of(cursor.getCursor()), matching);
			}
		}
		catch (RedisConnectionException ex) {
			return keys;
		}
		finally {
			client.shutdown();
		}
		return keys;
	}

	/** A key's content as text in a stable order (Redis returns hash fields and set members in any order). */
	private static String content(RedisCommands<String, String> redis, String key, String type) {
		return switch (type) {
			case "string" -> Objects.toString(redis.get(key));
			case "hash" -> new TreeMap<>(redis.hgetall(key)).toString();
			case "list" -> redis.lrange(key, 0, -1).toString();
			case "set" -> new TreeSet<>(redis.smembers(key)).toString();
			case "zset" -> redis.zrangeWithScores(key, 0, -1).stream()
				.map((ScoredValue<String> v) -> v.getScore() + "=" + v.getValue())
				.toList()
				.toString();
			// A key gone between SCAN and TYPE ("none"), or a type the demo does not write (a stream, say)
			default -> HexFormat.of().formatHex(Objects.requireNonNullElse(redis.dump(key), new byte[0]));
		};
	}

	/** The files under {@code folder} (none when it does not exist). */
	private static SortedMap<String, FileState> readFiles(Path folder) {
		SortedMap<String, FileState> files = new TreeMap<>();
		if (!Files.isDirectory(folder)) {
			return files;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				files.put(folder.relativize(path).toString(),
						new FileState(Files.size(path), Files.getLastModifiedTime(path).toInstant()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + folder, ex);
		}
		return files;
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
