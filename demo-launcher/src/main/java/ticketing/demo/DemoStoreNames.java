package ticketing.demo;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The database and the Redis keys a demo's data folder owns on the shared PostgreSQL and Redis servers. Kafka and S3
 * keep their data in the folder itself; these two servers are shared, so the names must tell demos apart: the default
 * folder ({@code .demo/}) has the names of the README ({@code ticketing}, {@code notification:}), any other folder
 * names of its own, derived from its path. So a demo started with another {@code --data-dir} (the benchmark's, say),
 * {@code --reset} included, never touches the data of the default one, nor the reverse.
 *
 * @param database       the PostgreSQL database of order-service
 * @param redisKeyPrefix the start of every key notification-service writes
 */
public record DemoStoreNames(String database, String redisKeyPrefix) {

	/** The names of the data folder {@code dataDir} of the repository at {@code root}, from the demo's settings. */
	public static DemoStoreNames of(Path root, Path dataDir, Properties settings) {
		String database = settings.getProperty("postgres.database");
		String prefix = settings.getProperty("redis.key-prefix");
		Path folder = dataDir.toAbsolutePath().normalize();
		if (folder.equals(DemoOptions.defaultDataDir(root).toAbsolutePath().normalize())) {
			return new DemoStoreNames(database, prefix);
		}
		String suffix = HexFormat.of().toHexDigits(folder.toString().hashCode());
		return new DemoStoreNames(database + "_" + suffix, prefix.replaceFirst(":$", "") + "-" + suffix + ":");
	}

	/** The pattern of every key of {@link #redisKeyPrefix()}, for {@code --reset} and {@code redis-cli --scan}. */
	public String redisKeyPattern() {
		return redisKeyPrefix + "*";
	}

	/** The JDBC URL of the database on the demo's PostgreSQL. */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + LocalStores.POSTGRES_PORT + "/" + database;
	}

}
