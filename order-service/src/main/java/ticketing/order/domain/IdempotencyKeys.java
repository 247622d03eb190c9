package ticketing.order.domain;

import java.time.Duration;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The idempotency_keys table. A key is claimed inside the order's transaction: a concurrent request with the same key
 * waits on the primary key until the first one commits or rolls back, then sees its outcome.
 */
@Repository
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the key for a new order, or returns the order of an earlier request with the same key and hash.
	 * @return empty when the key is now claimed by this transaction (place the order, then {@link #complete})
	 * @throws IdempotencyKeyReusedException when the key was used for a different request
	 */
	Optional<Long> claim(String key, String requestHash, Duration retention) {
		int claimed = jdbc.sql("""
				INSERT INTO idempotency_keys (idempotency_key, request_hash, created_at) VALUES (?, ?, now())
				ON CONFLICT (idempotency_key) DO NOTHING""")
			.params(key, requestHash)
			.update();
		if (claimed == 1) {
			return Optional.empty();
		}
		// An expired key is forgotten: it is claimed anew.
		int renewed = jdbc.sql("""
				UPDATE idempotency_keys SET request_hash = ?, order_id = NULL, created_at = now()
				WHERE idempotency_key = ? AND created_at < now() - make_interval(secs => ?)""")
			.params(requestHash, key, retention.toMillis() / 1000.0)
			.update();
		if (renewed == 1) {
			return Optional.empty();
		}
		StoredKey stored = jdbc.sql("SELECT request_hash, order_id FROM idempotency_keys WHERE idempotency_key = ?")
			.param(key)
			.query((rs, row) -> new StoredKey(rs.getString("request_hash"), rs.getLong("order_id")))
			.single();
		if (!stored.requestHash().equals(requestHash)) {
			throw new IdempotencyKeyReusedException(key);
		}
		return Optional.of(stored.orderId());
	}

	void complete(String key, long orderId) {
		jdbc.sql("UPDATE idempotency_keys SET order_id = ? WHERE idempotency_key = ?").params(orderId, key).update();
	}

	int deleteOlderThan(Duration retention) {
		return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)")
			.param(retention.toMillis() / 1000.0)
			.update();
	}

	private record StoredKey(String requestHash, long orderId) {
	}

}
