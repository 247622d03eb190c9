package ticketing.analytics.lake;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The settings of the lake writer, under {@code ticketing.lake}; every default is in {@code application.yml},
 * documented there.
 *
 * @param enabled          whether this instance writes the lake at all
 * @param topic            the topic of ticket orders; also the first segment of every object key
 * @param groupId          the consumer group; every instance shares it
 * @param bucket           the bucket of the lake, created if missing
 * @param gzip             whether objects are gzip-compressed ({@code .jsonl.gz})
 * @param maxRecords       a batch is written as an object once it holds this many records
 * @param maxBytes         ... or this many bytes of JSON Lines (before gzip)
 * @param maxAge           ... or once its first record has waited this long
 * @param pollTimeout      how long one poll waits for records; also the granularity of {@code maxAge}
 * @param concurrency      consumers of this instance, each on its own thread with partitions of its own
 * @param retryInitial     first wait after S3 (or the dead-letter topic) failed; it doubles each time
 * @param retryMax         longest wait between retries; retries never stop
 * @param deadLetterTopic  where poison records go, same partition
 * @param s3               how to reach S3
 * @param properties       any other Kafka consumer setting, passed as is
 */
@ConfigurationProperties("ticketing.lake")
public record LakeSettings(boolean enabled, String topic, String groupId, String bucket, boolean gzip, int maxRecords,
		DataSize maxBytes, Duration maxAge, Duration pollTimeout, int concurrency, Duration retryInitial,
		Duration retryMax, String deadLetterTopic, S3 s3, Map<String, String> properties) {

	public LakeSettings {
		if (maxRecords < 1) {
			throw new IllegalArgumentException("max-records must be at least 1, not " + maxRecords);
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
		}
		if (maxBytes == null || maxBytes.toBytes() < 1) {
			throw new IllegalArgumentException("max-bytes must be at least 1B, not " + maxBytes);
		}
		properties = (properties == null) ? Map.of() : Map.copyOf(properties);
	}

	/**
	 * The S3 connection: any S3 API (MinIO, AWS, ...).
	 *
	 * @param endpoint     the endpoint, e.g. {@code http://127.0.0.1:9000}
	 * @param region       the region requests are signed for
	 * @param accessKey    the access key id
	 * @param secretKey    the secret key
	 * @param pathStyle    {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO needs it)
	 * @param callTimeout  how long one S3 call may take, retries included; well below the consumer's poll interval
	 */
	public record S3(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle,
			Duration callTimeout) {

		@Override
		public String toString() {
			// Never the secret, so that logging the settings is harmless.
			return "S3[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey + ", pathStyle="
					+ pathStyle + "]";
		}

	}

}
