package ticketing.analytics.lake;

import org.apache.kafka.common.TopicPartition;

/**
 * A hook at the points where a crash could duplicate or lose records, so that tests can crash the writer exactly
 * there (by throwing). The application uses {@link #NONE}.
 */
@FunctionalInterface
public interface LakeFailureInjector {

	/** Does nothing: the production behaviour. */
	LakeFailureInjector NONE = (point, partition, key) -> {
	};

	/**
	 * Called when the writer reaches {@code point} for an object.
	 * @param point     where the writer is
	 * @param partition the object's partition
	 * @param key       the object's key
	 */
	void reached(Point point, TopicPartition partition, String key);

	/** The points of the write path. */
	enum Point {

		/** The batch is closed; nothing of it is in S3 and its offsets are not committed. */
		BEFORE_UPLOAD,

		/** The object is durably in S3; its offsets are not committed yet. */
		AFTER_UPLOAD_BEFORE_COMMIT

	}

}
