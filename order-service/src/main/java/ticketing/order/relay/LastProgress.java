package ticketing.order.relay;

import java.util.List;
import java.util.UUID;

/**
 * What a new relay learns from the progress topic: the events named by the relay's last committed progress record,
 * the only record that can name events PostgreSQL does not know to be published (see the README).
 *
 * @param eventIds    the events that record names; empty if the topic has no record of the relay
 * @param offset      the record's offset in the progress topic; -1 if there is none
 * @param offsetsRead how many offsets the search read, backwards from the end of the topic
 */
record LastProgress(List<UUID> eventIds, long offset, long offsetsRead) {

	static LastProgress none(long offsetsRead) {
		return new LastProgress(List.of(), -1, offsetsRead);
	}

	boolean found() {
		return offset >= 0;
	}

}
