package ticketing.testsupport.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;

import ticketing.testsupport.TestSettings;

/**
 * The Redis server at the configured address: {@code ticketing.test.redis.host} and {@code .port} (127.0.0.1 and 6379
 * by default).
 */
public final class LocalRedisServer implements RedisTestServer {

	private final String host;

	private final int port;

	private LocalRedisServer(String host, int port) {
		this.host = host;
		this.port = port;
	}

	public static LocalRedisServer connect() {
		LocalRedisServer server = new LocalRedisServer(TestSettings.get("ticketing.test.redis.host", "127.0.0.1"),
				TestSettings.getInt("ticketing.test.redis.port", 6379));
		RedisClient client = RedisClient.create(server.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
		}
		catch (RedisConnectionException ex) {
			throw new IllegalStateException("No Redis server answers at " + server.host + ":" + server.port
					+ ". Start it (.ci/run shows how), point the tests elsewhere with ticketing.test.redis.host/port, "
					+ "or run them with -Dticketing.test.infrastructure=containers where Docker runs", ex);
		}
		finally {
			client.shutdown();
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
	public void close() {
		// Not ours to stop.
	}

}
