package ticketing.order.relay;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the outbox relay ({@code ticketing.order.relay}); each is described in application.yml.
 *
 * @param enabled             whether this instance takes part in publishing
 * @param topic               the topic of the order events
 * @param progressTopic       the compacted topic of the relay's progress, written in its Kafka transactions
 * @param transactionalId     the Kafka transactional.id, the same on every instance
 * @param instanceId          this instance's name in the lease; blank for a random one
 * @param batchSize           most outbox rows in one Kafka transaction (the progress record names each: at most
 *                            {@value #MAX_BATCH_SIZE})
 * @param batchBytes          most event bytes (keys and values) in one Kafka transaction; at least one row
 * @param linger              how long the relay, woken by a committed order, waits for more before it reads
 * @param pollInterval        the safety-net poll when no NOTIFY arrives
 * @param leaseDuration       how long the lease lasts without renewal
 * @param progressReadTimeout how long a new relay may take to read what it needs of the progress topic
 * @param retryBackoff        the pause after a failed round
 * @param refusalRetryInterval how often a relay that refused to publish checks its database against the topic again
 * @param publishedRetention  how long published rows are kept
 * @param cleanupInterval     how often old published rows are deleted
 */
@ConfigurationProperties("ticketing.order.relay")
public record RelayProperties(boolean enabled, String topic, String progressTopic, String transactionalId,
		@Nullable String instanceId, int batchSize, DataSize batchBytes, Duration linger, Duration pollInterval, Duration leaseDuration,
		Duration progressReadTimeout, Duration retryBackoff, Duration refusalRetryInterval,
		Duration publishedRetention, Duration cleanupInterval) {

	/**
	 * The largest batch: its progress record names every event id (about 40 bytes each), and must stay well below
	 * Kafka's default largest record (1 MB).
	 */
	static final int MAX_BATCH_SIZE = 10_000;

	public RelayProperties {
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException("ticketing.order.relay.batch-size must be between 1 and "
					+ MAX_BATCH_SIZE + " (the progress record names every event of a batch), not " + batchSize);
		}
	}

	/** How long the relay waits for work at most: renewing the lease well before it expires. */
	Duration idleWait() {
		Duration thirdOfLease = leaseDuration.dividedBy(3);
		return (pollInterval.compareTo(thirdOfLease) < 0) ? pollInterval : thirdOfLease;
	}

}
