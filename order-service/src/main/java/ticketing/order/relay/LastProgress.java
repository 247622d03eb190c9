package ticketing.order.relay;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a new relay learns from the progress topic: the relay's last committed progress record, the only record that
 * can name events PostgreSQL does not know to be published (see the README), and the database and batch it names.
 *
 * @param eventIds    the events that record names; empty if the topic has no record of the relay
 * @param databaseId  the database the record's batch was published from; null if there is no record, or it was
 *                    written before records named their database (an upgrade)
 * @param batch       the record's batch number, counted per database; -1 if there is no record or it has none
 * @param offset      the record's offset in the progress topic; -1 if there is none
 * @param offsetsRead how many offsets the search read, backwards from the end of the topic
 */
record LastProgress(List<UUID> eventIds, @Nullable UUID databaseId, long batch, long offset, long offsetsRead) {

	static LastProgress none(long offsetsRead) {
		return new LastProgress(List.of(), null, -1, -1, offsetsRead);
	}

	boolean found() {
		return offset >= 0;
	}

	/** Whether the record names its database and batch (every record since the relay checks databases does). */
	boolean namesDatabase() {
		return databaseId != null && batch >= 0;
	}

}
