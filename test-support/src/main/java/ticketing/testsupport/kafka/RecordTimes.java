package ticketing.testsupport.kafka;

import java.time.Duration;
import java.time.Instant;

/**
 * The timestamps integration tests give the records they write: taken from the clock, never fixed instants. Brokers
 * delete by comparing their clock with record timestamps, so a test that stamps records with a date written into it
 * passes until that date is a retention period old, then fails on every clone.
 * <p>
 * The system property {@value #AGE_PROPERTY} (an ISO-8601 duration, such as {@code P30D}) moves every time given
 * here that far into the past: {@code ./mvnw verify -Dticketing.test.record-age=P30D} runs the suite as if all its
 * input were a month old when written, which is what a backlog after an outage or a reprocessing looks like to the
 * system.
 */
public final class RecordTimes {

	/** How far into the past to move every record time, as an ISO-8601 duration; none when unset. */
	public static final String AGE_PROPERTY = "ticketing.test.record-age";

	private RecordTimes() {
	}

	/** The clock's instant, moved back by {@value #AGE_PROPERTY} if set. */
	public static Instant now() {
		return Instant.now().minus(age());
	}

	/** {@link #now()} minus the given time. */
	public static Instant ago(Duration time) {
		return now().minus(time);
	}

	/**
	 * The start of the tumbling window (aligned to the epoch, as Kafka Streams aligns them) that holds the instant
	 * {@code time} before {@link #now()}: a test that needs several windows in the past starts its records there.
	 */
	public static Instant windowStartAgo(Duration windowSize, Duration time) {
		long at = ago(time).toEpochMilli();
		return Instant.ofEpochMilli(at - Math.floorMod(at, windowSize.toMillis()));
	}

	/** The value of {@value #AGE_PROPERTY}, zero when unset. */
	public static Duration age() {
		String age = System.getProperty(AGE_PROPERTY, "").trim();
		if (age.isEmpty()) {
			return Duration.ZERO;
		}
		Duration parsed = Duration.parse(age);
		if (parsed.isNegative()) {
			throw new IllegalArgumentException(AGE_PROPERTY + " must not be negative (records from the future are "
					+ "refused or misread): " + age);
		}
		return parsed;
	}

}
