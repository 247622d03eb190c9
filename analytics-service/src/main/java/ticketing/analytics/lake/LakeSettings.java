package ticketing.analytics.lake;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
@Validated
public record LakeSettings(boolean enabled, @NotBlank String topic, @NotBlank String groupId, @NotBlank String bucket,
		boolean gzip, @Min(1) int maxRecords, @NotNull DataSize maxBytes, @NotNull @DurationMin(millis = 1) Duration maxAge,
		@NotNull @DurationMin(millis = 1) Duration pollTimeout, @Min(1) int concurrency,
		@NotNull @DurationMin(millis = 1) Duration retryInitial, @NotNull @DurationMin(millis = 1) Duration retryMax,
		@NotBlank String deadLetterTopic, @NotNull @Valid S3 s3, Map<String, String> properties) {

	public LakeSettings {
		properties = (properties == null) ? Map.of() : Map.copyOf(properties);
	}

	/** Checked with the annotations of the components (DataSize has no constraint of its own). */
	@AssertTrue(message = "max-bytes must be at least 1B")
	boolean isMaxBytesPositive() {
		return this.maxBytes == null || this.maxBytes.toBytes() >= 1;
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
	public record S3(@NotNull URI endpoint, @NotBlank String region, String accessKey, String secretKey,
			boolean pathStyle, @NotNull @DurationMin(millis = 1) Duration callTimeout) {

		@Override
		public String toString() {
			// Never the secret, so that logging the settings is harmless.
			return "S3[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey + ", pathStyle="
					+ pathStyle + "]";
		}

	}

}
