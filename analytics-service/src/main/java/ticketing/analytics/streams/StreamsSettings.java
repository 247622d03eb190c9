package ticketing.analytics.streams;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
@Validated
public record StreamsSettings(@NotNull @DurationMin(millis = 0) Duration closeTimeout, @NotNull @Valid StreamTopics topics,
		@NotNull @Valid ScalpingRules scalping) {

	/**
	 * The topics of the application.
	 *
	 * @param orders           the input: every placed order, key user id
	 * @param liveOrders       the output of the category filter
	 * @param suspiciousUsers  the output of the scalping detection: key user id, value the count (Integer)
	 * @param deadLetter       where records that cannot be deserialized go, with the reason in headers
	 */
	public record StreamTopics(@NotBlank String orders, @NotBlank String liveOrders, @NotBlank String suspiciousUsers,
			@NotBlank String deadLetter) {
	}

	/**
	 * When a user is suspicious: {@code threshold} or more orders in one tumbling window of {@code windowSize}.
	 *
	 * @param windowSize the length of a window (tumbling: windows do not overlap)
	 * @param grace      how long after its end a window still accepts late records; it closes and is emitted after
	 * @param threshold  the number of orders in one window from which a user is reported
	 */
	public record ScalpingRules(@NotNull @DurationMin(millis = 1) Duration windowSize,
			@NotNull @DurationMin(millis = 0) Duration grace, @Min(1) int threshold) {
	}

}
