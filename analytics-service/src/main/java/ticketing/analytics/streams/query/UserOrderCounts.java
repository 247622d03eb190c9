package ticketing.analytics.streams.query;

import java.time.Instant;
import java.util.List;

/**
 * The order counts of one user in the windows still open (a closed window leaves the state store), oldest first.
 *
 * @param userId   the user
 * @param windows  one entry per window with at least one order
 * @param servedBy {@code host:port} of the instance whose state store answered
 */
public record UserOrderCounts(String userId, List<WindowCount> windows, String servedBy) {

	/**
	 * @param start the window's start, inclusive
	 * @param end   the window's end, exclusive
	 * @param count the orders of the user in the window so far
	 */
	public record WindowCount(Instant start, Instant end, long count) {
	}

}
