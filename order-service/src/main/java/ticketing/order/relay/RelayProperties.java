package ticketing.order.relay;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
 * @param cleanupInterval     how often old published rows are deleted (0: after every batch)
 */
@ConfigurationProperties("ticketing.order.relay")
@Validated
public record RelayProperties(boolean enabled, @NotBlank String topic, @NotBlank String progressTopic,
		@NotBlank String transactionalId, @Nullable String instanceId,
		@Min(1) @Max(value = MAX_BATCH_SIZE,
				message = "must be at most {value}: the progress record names every event of a batch") int batchSize,
		@NotNull DataSize batchBytes, @NotNull @DurationMin(millis = 0) Duration linger,
		@NotNull @DurationMin(millis = 1) Duration pollInterval, @NotNull @DurationMin(seconds = 1) Duration leaseDuration,
		@NotNull @DurationMin(millis = 1) Duration progressReadTimeout,
		@NotNull @DurationMin(millis = 0) Duration retryBackoff,
		@NotNull @DurationMin(millis = 1) Duration refusalRetryInterval,
		@NotNull @DurationMin(millis = 0) Duration publishedRetention,
		@NotNull @DurationMin(millis = 0) Duration cleanupInterval) {

	/**
	 * The largest batch: its progress record names every event id (about 40 bytes each), and must stay well below
	 * Kafka's default largest record (1 MB).
	 */
	static final int MAX_BATCH_SIZE = 10_000;

	/** How long the relay waits for work at most: renewing the lease well before it expires. */
	Duration idleWait() {
		Duration thirdOfLease = leaseDuration.dividedBy(3);
		return (pollInterval.compareTo(thirdOfLease) < 0) ? pollInterval : thirdOfLease;
	}

}
