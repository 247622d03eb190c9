package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the Kafka Streams application, under {@code ticketing.streams}; every default is in
 * {@code application.yml}, documented there.
 *
 * @param applicationId      the Streams application id: the consumer group, the transactional id prefix and the prefix
 *                           of the internal topics; every instance of the service shares it
 * @param bootstrapServers   the brokers
 * @param stateDir           where the local state stores live; on a persistent disk, so that a restart resumes from
 *                           it instead of restoring every store from its changelog
 * @param applicationServer  {@code host:port} of this instance's HTTP server as the other instances reach it: the
 *                           address interactive queries are forwarded to
 * @param replicationFactor  the replication factor of the internal (changelog and repartition) topics
 * @param commitInterval     how often a transaction is committed: the latency of the exactly-once output
 * @param streamThreads      stream threads of this instance
 * @param closeTimeout       how long a shutdown waits for the threads to commit and stop
 * @param topics             the topics read and written
 * @param scalping           the rules of the suspicious-user detection
 * @param properties         any other Kafka Streams, consumer or producer setting, passed as is
 */
@ConfigurationProperties("ticketing.streams")
public record StreamsSettings(String applicationId, String bootstrapServers, Path stateDir, String applicationServer,
		int replicationFactor, Duration commitInterval, int streamThreads, Duration closeTimeout, StreamTopics topics,
		ScalpingRules scalping, Map<String, String> properties) {

	public StreamsSettings {
		properties = (properties == null) ? Map.of() : Map.copyOf(properties);
	}

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
