package ticketing.testsupport.redis;

import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The key space of one test on the shared Redis server: every key the test (or the service under test) writes starts
 * with {@link #prefix()}. Closing it deletes those keys.
 */
public final class RedisTestKeyspace implements AutoCloseable {

	private final String prefix;

	private final RedisURI uri;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	RedisTestKeyspace(String prefix, RedisURI uri, RedisClient client) {
		this.prefix = prefix;
		this.uri = uri;
		this.client = client;
		this.connection = client.connect();
	}

	/** The prefix of every key of this key space, such as {@code test:1a2b3c4d:}. */
	public String prefix() {
		return prefix;
	}

	public RedisURI uri() {
		return uri;
	}

	/** Synchronous commands on a connection owned by this key space. */
	public RedisCommands<String, String> commands() {
		return connection.sync();
	}

	/** The keys of this key space, sorted. */
	public List<String> keys() {
		return scan().stream().sorted().toList();
	}

	@Override
	public void close() {
		try {
			List<String> keys = scan();
			if (!keys.isEmpty()) {
				commands().del(keys.toArray(String[]::new));
			}
		}
		finally {
			connection.close();
			client.shutdown();
		}
	}

	private List<String> scan() {
		List<String> keys = new java.util.ArrayList<>();
		ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
		KeyScanCursor<String> cursor = commands().scan(match);
		keys.addAll(cursor.getKeys());
		while (!cursor.isFinished()) {
			cursor = commands().scan(ScanCursor.of(cursor.getCursor()), match);
			keys.addAll(cursor.getKeys());
		}
		return keys;
	}

	@Override
	public String toString() {
		return "keys " + prefix + "* at " + uri;
	}

}
