package ticketing.order.relay;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The lease that makes one instance the active relay. It keeps the others idle; it is not what makes publishing safe
 * (a paused holder may still believe it holds an expired lease): that is Kafka's fencing of the transactional.id.
 */
class RelayLease {

	private final JdbcClient jdbc;

	private final String name;

	private final String owner;

	RelayLease(JdbcClient jdbc, String name, String owner) {
		this.jdbc = jdbc;
		this.name = name;
		this.owner = owner;
	}

	/** Takes the lease if it is free or expired, or renews it if this instance holds it. */
	boolean tryAcquire(Duration duration) {
		return jdbc.sql("""
				INSERT INTO relay_lease (name, owner, expires_at)
				VALUES (?, ?, clock_timestamp() + make_interval(secs => ?))
				ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
				WHERE relay_lease.owner = EXCLUDED.owner OR relay_lease.expires_at < clock_timestamp()""")
			.params(name, owner, duration.toMillis() / 1000.0)
			.update() == 1;
	}

	/**
	 * Extends the lease if this instance still holds it. An expired lease that still names this instance counts: no
	 * other instance has taken it since, so none has fenced this one through it.
	 */
	boolean renew(Duration duration) {
		return jdbc.sql("""
				UPDATE relay_lease SET expires_at = clock_timestamp() + make_interval(secs => ?)
				WHERE name = ? AND owner = ?""")
			.params(duration.toMillis() / 1000.0, name, owner)
			.update() == 1;
	}

	/** Gives the lease up, so that another instance takes over without waiting for it to expire. */
	void release() {
		jdbc.sql("DELETE FROM relay_lease WHERE name = ? AND owner = ?").params(name, owner).update();
	}

	String owner() {
		return owner;
	}

}
