package ticketing.analytics.lake;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of one lake object:
 * {@code <topic>/date=YYYY-MM-DD/partition=P/<topicId>-<firstOffset>.jsonl[.gz]}.
 * <p>
 * It names only where the object starts, not where it ends: every writer that writes from an offset (however it cut
 * its batch) names its object the same, so a create-only upload ({@code If-None-Match: *}) lets exactly one of them
 * write there. The object's last offset is in its metadata. The topic id (22 characters of URL-safe base64) tells a
 * topic from one created again under its name, whose offsets start at 0 again. Offsets are zero-padded to 20 digits:
 * S3 lists keys in lexicographic order, which is then offset order within a partition and topic id, and
 * {@code start-after} can skip what is known to be older.
 *
 * @param topic        the Kafka topic
 * @param topicId      the topic's id ({@code Uuid.toString()})
 * @param date         the event date (UTC) of every record in the object
 * @param partition    the Kafka partition
 * @param firstOffset  the offset of the first record in the object
 * @param gzip         whether the object is gzip-compressed
 */
record LakeObjectKey(String topic, String topicId, LocalDate date, int partition, long firstOffset, boolean gzip) {

	private static final Pattern KEY = Pattern
		.compile("(?<topic>.+)/date=(?<date>\\d{4}-\\d{2}-\\d{2})/partition=(?<partition>\\d+)/"
				+ "(?<topicId>[A-Za-z0-9_-]{22})-(?<first>\\d{20})\\.jsonl(?<gz>\\.gz)?");

	String key() {
		return topicIdPrefix(topic, date, partition, topicId) + offset(firstOffset) + ".jsonl" + (gzip ? ".gz" : "");
	}

	/**
	 * The prefix of the objects of one date, partition and topic id:
	 * {@code <topic>/date=YYYY-MM-DD/partition=P/<topicId>-}.
	 */
	static String topicIdPrefix(String topic, LocalDate date, int partition, String topicId) {
		return partitionPrefix(topic, date, partition) + topicId + "-";
	}

	/** The prefix of every object of the topic: {@code <topic>/}. */
	static String topicPrefix(String topic) {
		return topic + "/";
	}

	/** The prefix of the objects of one date and partition: {@code <topic>/date=YYYY-MM-DD/partition=P/}. */
	static String partitionPrefix(String topic, LocalDate date, int partition) {
		return datePrefix(topic, date) + "partition=" + partition + "/";
	}

	static String datePrefix(String topic, LocalDate date) {
		return topicPrefix(topic) + "date=" + date + "/";
	}

	/** A key's name part that sorts before every object starting at {@code offset} or later, and after all others. */
	static String offset(long offset) {
		return String.format("%020d", offset);
	}

	/** The key's parts, or empty for a key that is not a lake object (something else put into the bucket). */
	static Optional<LakeObjectKey> parse(String key) {
		Matcher matcher = KEY.matcher(key);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new LakeObjectKey(matcher.group("topic"), matcher.group("topicId"),
					LocalDate.parse(matcher.group("date")),
					Integer.parseInt(matcher.group("partition")), Long.parseLong(matcher.group("first")),
					matcher.group("gz") != null));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return key();
	}

}
