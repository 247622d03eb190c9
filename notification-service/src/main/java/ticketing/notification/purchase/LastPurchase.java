package ticketing.notification.purchase;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A user's latest purchase, as kept in Redis.
 *
 * @param userId      the buyer
 * @param orderId     the order
 * @param contentId   the content the ticket is for
 * @param title       the content's title, if the event had one
 * @param category    the content's category, if the event had one
 * @param purchasedAt when the order was placed (the event's {@code created_at}, else the record's timestamp)
 */
public record LastPurchase(String userId, String orderId, String contentId, @Nullable String title,
		@Nullable String category, Instant purchasedAt) {
}
