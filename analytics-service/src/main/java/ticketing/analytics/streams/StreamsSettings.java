package ticketing.analytics.streams;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the analytics topology needs besides the Kafka Streams client, under {@code ticketing.streams}; every default
 * is in {@code application.yml}, documented there. The client itself (application id, state directory, commit
 * interval, threads, ...) is configured under {@code spring.kafka.streams}, and {@link StreamsProperties} adds what
 * the code fixes (exactly-once, the error handlers).
 *
 * @param closeTimeout how long a shutdown waits for the threads to commit and stop
 * @param topics       the topics read and written
 * @param scalping     the rules of the suspicious-user detection
 */
@ConfigurationProperties("ticketing.streams")
public record StreamsSettings(Duration closeTimeout, StreamTopics topics, ScalpingRules scalping) {

	/**
	 * The topics of the application.
	 *
	 * @param orders           the input: every placed order, key user id
	 * @param liveOrders       the output of the category filter
	 * @param suspiciousUsers  the output of the scalping detection: key user id, value the count (Integer)
	 * @param deadLetter       where records that cannot be deserialized go, with the reason in headers
	 */
	public record StreamTopics(String orders, String liveOrders, String suspiciousUsers, String deadLetter) {
	}

	/**
	 * When a user is suspicious: {@code threshold} or more orders in one tumbling window of {@code windowSize}.
	 *
	 * @param windowSize the length of a window (tumbling: windows do not overlap)
	 * @param grace      how long after its end a window still accepts late records; it closes and is emitted after
	 * @param threshold  the number of orders in one window from which a user is reported
	 */
	public record ScalpingRules(Duration windowSize, Duration grace, int threshold) {

		public ScalpingRules {
			if (windowSize.isNegative() || windowSize.isZero()) {
				throw new IllegalArgumentException("the window size must be positive, not " + windowSize);
			}
			if (grace.isNegative()) {
				throw new IllegalArgumentException("the grace period must not be negative, not " + grace);
			}
			if (threshold < 1) {
				throw new IllegalArgumentException("the threshold must be at least 1, not " + threshold);
			}
		}

	}

}
