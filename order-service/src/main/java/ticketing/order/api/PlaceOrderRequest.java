package ticketing.order.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /orders}. The buyer is the token's user; any other field is refused.
 *
 * @param userId    optional: the buyer, which must then be the token's user
 * @param contentId what the ticket is for
 */
public record PlaceOrderRequest(@Positive(message = "must be a positive id") @Nullable Long userId,
		@NotNull(message = "is required") @Positive(message = "must be a positive id") @Nullable Long contentId) {

}
