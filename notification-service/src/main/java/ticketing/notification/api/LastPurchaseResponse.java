package ticketing.notification.api;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A user's latest purchase and where to watch it. */
record LastPurchaseResponse(String userId, String orderId, String contentId, @Nullable String title,
		@Nullable String category, Instant purchasedAt, URI streamingUrl) {
}
