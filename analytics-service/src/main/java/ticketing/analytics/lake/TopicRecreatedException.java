package ticketing.analytics.lake;

import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * The topic has another id than when the partition was assigned: it was deleted and created again under its name.
 * Records in memory may come from either; they are dropped, and the next session starts from what the lake holds for
 * the new topic.
 */
final class TopicRecreatedException extends RuntimeException {

	TopicRecreatedException(String topic, @Nullable Uuid was, Uuid now) {
		super("Topic " + topic + " is now id " + now + ", no longer " + was);
	}

}
