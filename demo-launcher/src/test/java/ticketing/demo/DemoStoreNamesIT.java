package ticketing.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two demos on two data folders, as the user's {@code ./demo} and the benchmark's: a {@code --reset} of one, on the
 * shared PostgreSQL and Redis servers, leaves the other's database and keys as they were. (Two folders of the test's
 * own, so that the test never touches a real demo's data either.)
 */
class DemoStoreNamesIT {

	@Test
	void shouldLeaveAnotherDemosDatabaseAndKeysAloneOnReset(@TempDir Path root) throws Exception {
		Properties settings = settings();
		DemoStoreNames users = DemoStoreNames.of(root, root.resolve("users-demo"), settings);
		DemoStoreNames benchmarks = DemoStoreNames.of(root, root.resolve("benchmark-demo"), settings);
		try (LocalStores stores = new LocalStores();
				RedisClient client = RedisClient.create("redis://127.0.0.1:" + LocalStores.REDIS_PORT);
				StatefulRedisConnection<String, String> redis = client.connect()) {
			// Given the first demo's data: an order in its database, a purchase in its keys
			LocalStores.createDatabaseIfMissing(users.database());
			sql(users, "CREATE TABLE ticket_orders (id bigint); INSERT INTO ticket_orders VALUES (42)");
			redis.sync().hset(users.redisKeyPrefix() + "user:100:last-purchase", "order_id", "42");

			// When the second demo starts with --reset, as the benchmark's does
			stores.reset(benchmarks.database(), benchmarks.redisKeyPattern());
			LocalStores.createDatabaseIfMissing(benchmarks.database());

			// Then the first demo's order and purchase are still there
			assertThat(sql(users, "SELECT id FROM ticket_orders")).isEqualTo("42");
			assertThat(redis.sync().hget(users.redisKeyPrefix() + "user:100:last-purchase", "order_id"))
				.isEqualTo("42");
		}
		finally {
			for (DemoStoreNames names : new DemoStoreNames[] { users, benchmarks }) {
				try (LocalStores stores = new LocalStores()) {
					stores.reset(names.database(), names.redisKeyPattern());
				}
			}
		}
	}

	@Test
	void shouldGiveTheDefaultFolderTheReadmesNamesAndEveryOtherFolderItsOwn(@TempDir Path root) throws Exception {
		Properties settings = settings();

		DemoStoreNames standard = DemoStoreNames.of(root, root.resolve(".demo"), settings);
		DemoStoreNames other = DemoStoreNames.of(root, root.resolve("elsewhere"), settings);
		DemoStoreNames third = DemoStoreNames.of(root, root.resolve("elsewhere-too"), settings);

		assertThat(standard).isEqualTo(new DemoStoreNames("ticketing", "notification:"));
		assertThat(other.database()).matches("ticketing_[0-9a-f]{8}");
		assertThat(other.redisKeyPrefix()).matches("notification-[0-9a-f]{8}:");
		assertThat(other).isNotEqualTo(third).isEqualTo(DemoStoreNames.of(root, root.resolve("elsewhere"), settings));
	}

	private static Properties settings() throws Exception {
		return LocalKafkaCluster.load(Path.of("..").toAbsolutePath().normalize().resolve("setup/demo/demo.properties"));
	}

	private static String sql(DemoStoreNames names, String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(names.jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement()) {
			if (!statement.execute(sql)) {
				return "";
			}
			try (ResultSet rows = statement.getResultSet()) {
				return rows.next() ? rows.getString(1) : "";
			}
		}
	}

}
