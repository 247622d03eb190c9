package ticketing.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A ticket order was placed: the value of every record on {@link Topics#TICKET_ORDER}.
 * <p>
 * It carries what the consumers need without asking order-service's database. Ids are strings so that a record typed
 * by hand, such as {@code {"order_id":"7","user_id":"100","content_id":"1","category":"live"}}, is a valid event:
 * only the three ids are required, the rest may be missing.
 *
 * @param orderId   the order's id
 * @param userId    the buyer's id; also the record key, so one user's orders stay in order on one partition
 * @param nickname  the buyer's nickname, if known
 * @param contentId the id of the content the ticket is for
 * @param title     the content's title, if known
 * @param category  the content's category ({@code live}, {@code stage}, {@code movie}, {@code comedy}, ...), if known
 * @param createdAt when the order was placed, if known (the record timestamp carries it too)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketOrderPlaced(
		@JsonProperty("order_id") String orderId,
		@JsonProperty("user_id") String userId,
		@JsonProperty("nickname") @Nullable String nickname,
		@JsonProperty("content_id") String contentId,
		@JsonProperty("title") @Nullable String title,
		@JsonProperty("category") @Nullable String category,
		@JsonProperty("created_at") @Nullable Instant createdAt) {

	/** The value of the {@link EventHeaders#EVENT_TYPE} header for this event. */
	public static final String EVENT_TYPE = "TicketOrderPlaced";

	/** The schema version this code writes and the only one it reads. */
	public static final int SCHEMA_VERSION = 1;

	/** The category of the orders that the live-only stream keeps. */
	public static final String LIVE = "live";

	public TicketOrderPlaced {
		requireId("order_id", orderId);
		requireId("user_id", userId);
		requireId("content_id", contentId);
	}

	/** Whether the ticket is for a live show (the category filter's predicate). */
	@JsonIgnore
	public boolean isLive() {
		return LIVE.equalsIgnoreCase(category);
	}

	private static void requireId(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidEventException("the required field '" + field + "' is missing or blank");
		}
	}

}
