package ticketing.testsupport.redis;

import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/** A Redis server that tests share, each in its own key space. */
public interface RedisTestServer extends AutoCloseable {

	String host();

	int port();

	default RedisURI uri() {
		return RedisURI.create(host(), port());
	}

	/** A key space (a key prefix) unique to this call; closing it deletes every key under the prefix. */
	default RedisTestKeyspace createKeyspace() {
		String prefix = "test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
		return new RedisTestKeyspace(prefix, uri(), RedisClient.create(uri()));
	}

}
