package ticketing.order.relay;

import java.time.Duration;

/**
 * Keeps the relay lease while the relay works. The lease is taken or renewed at the start of every round, and renewed
 * again at points of work that may outlast a good part of it (activation, a round with a slow send): the other
 * instances then do not take over from a relay that is merely busy, fence it, and get fenced in turn.
 * <p>
 * Renewing is what keeps instances from fencing each other back and forth; it is not what makes publishing safe (a
 * paused process may hold a lease that expired): that is Kafka's fencing of the transactional.id.
 */
class LeaseKeeper {

	private final RelayLease lease;

	private final Duration duration;

	/** Renewals closer together than this are skipped: the lease then has at least two thirds of its time left. */
	private final long renewAfterNanos;

	/** System.nanoTime() just before the lease was last taken or renewed. */
	private long renewedAt;

	/** Whether this instance took or renewed the lease last time it tried. */
	private boolean held;

	LeaseKeeper(RelayLease lease, Duration duration) {
		this.lease = lease;
		this.duration = duration;
		this.renewAfterNanos = duration.dividedBy(3).toNanos();
		this.renewedAt = System.nanoTime() - renewAfterNanos;
	}

	/**
	 * Takes the lease if it is free or expired, or renews it if this instance holds it: the start of a round. A
	 * lease taken or renewed moments ago is held without asking PostgreSQL: no other instance can take it before it
	 * expires, and a round per order at a steady rate then costs no write for the lease.
	 */
	boolean acquire() {
		long now = System.nanoTime();
		if (held && now - renewedAt < renewAfterNanos) {
			return true;
		}
		held = lease.tryAcquire(duration);
		if (held) {
			renewedAt = now;
		}
		return held;
	}

	/**
	 * Renews the lease unless that was done moments ago.
	 * @param work what the relay is doing, for the exception's message
	 * @throws LeaseLostException if another instance holds the lease now, or it was given up
	 */
	void keep(String work) {
		long now = System.nanoTime();
		if (now - renewedAt < renewAfterNanos) {
			return;
		}
		if (!lease.renew(duration)) {
			held = false;
			throw new LeaseLostException(lease.owner(), work);
		}
		renewedAt = now;
	}

	/** Gives the lease up, so that another instance takes over without waiting for it to expire. */
	void release() {
		held = false;
		lease.release();
	}

	String owner() {
		return lease.owner();
	}

}
