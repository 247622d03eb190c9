package ticketing.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * The key space of one test on the shared Redis server: every key the test (or the service under test) writes starts
 * with {@link #prefix()}. Closing it deletes those keys.
 */
public final class RedisTestKeyspace implements AutoCloseable {

	private final String prefix;

	private final RedisURI uri;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final List<String> users = new java.util.ArrayList<>();

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

	/**
	 * Creates a Redis user limited to this key space's keys, with the ACL rules of a deployment's file (such as
	 * setup/redis/notification-service.acl) and a random password; deleted when the key space is closed.
	 */
	public RedisUser createUser(Path rulesFile) {
		String name = "test-user-" + UUID.randomUUID().toString().substring(0, 8);
		String password = UUID.randomUUID().toString();
		CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER")
			.add(name)
			.add("reset")
			.add("on")
			.add(">" + password)
			.add("~" + prefix + "*");
		try {
			for (String line : Files.readAllLines(rulesFile)) {
				if (!line.isBlank() && !line.startsWith("#")) {
					for (String rule : line.trim().split("\\s+")) {
						args.add(rule);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		commands().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
		users.add(name);
		return new RedisUser(name, password);
	}

	/** A user of {@link #createUser(Path)}. */
	public record RedisUser(String name, String password) {

		@Override
		public String toString() {
			return "RedisUser[name=" + name + ", password=(hidden)]";
		}

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
			if (!users.isEmpty()) {
				commands().aclDeluser(users.toArray(String[]::new));
			}
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
