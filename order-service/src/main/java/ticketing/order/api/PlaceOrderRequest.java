package ticketing.order.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /orders}. Both ids are required and positive; any other field is refused.
 *
 * @param userId    the buyer
 * @param contentId what the ticket is for
 */
public record PlaceOrderRequest(
		@NotNull(message = "is required") @Positive(message = "must be a positive id") @Nullable Long userId,
		@NotNull(message = "is required") @Positive(message = "must be a positive id") @Nullable Long contentId) {

}
