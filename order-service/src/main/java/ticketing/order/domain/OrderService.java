package ticketing.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ticketing.contract.TicketOrderPlaced;
import ticketing.order.catalog.Content;
import ticketing.order.catalog.Contents;
import ticketing.order.catalog.User;
import ticketing.order.catalog.Users;
import ticketing.order.outbox.Outbox;

/**
 * Places orders. The order row, its outbox event and its idempotency key are written in one PostgreSQL transaction:
 * either all of them exist or none does, so an event is published if and only if its order was committed.
 */
@Service
public class OrderService {

	private final Users users;

	private final Contents contents;

	private final Orders orders;

	private final Outbox outbox;

	private final IdempotencyKeys idempotencyKeys;

	private final IdempotencyProperties idempotency;

	OrderService(Users users, Contents contents, Orders orders, Outbox outbox, IdempotencyKeys idempotencyKeys,
			IdempotencyProperties idempotency) {
		this.users = users;
		this.contents = contents;
		this.orders = orders;
		this.outbox = outbox;
		this.idempotencyKeys = idempotencyKeys;
		this.idempotency = idempotency;
	}

	/**
	 * Places an order, or returns the earlier one of the same idempotency key and request.
	 * @param idempotencyKey the client's key, or null
	 * @param traceparent    the W3C trace context the event carries
	 * @throws UnknownReferenceException     when the user or the content does not exist
	 * @throws IdempotencyKeyReusedException when the key was used for another request
	 */
	@Transactional
	public PlacedOrder place(long userId, long contentId, @Nullable String idempotencyKey, String traceparent) {
		if (idempotencyKey != null) {
			Optional<Long> earlier = idempotencyKeys.claim(idempotencyKey, requestHash(userId, contentId),
					idempotency.retention());
			if (earlier.isPresent()) {
				return new PlacedOrder(orders.findById(earlier.get()).orElseThrow(), true);
			}
		}
		User user = users.lockById(userId).orElseThrow(() -> UnknownReferenceException.user(userId));
		Content content = contents.findById(contentId).orElseThrow(() -> UnknownReferenceException.content(contentId));
		Order order = orders.save(new Order(user.getId(), content.getId()));
		outbox.append(event(order, user, content), traceparent, order.getCreatedAt());
		if (idempotencyKey != null) {
			idempotencyKeys.complete(idempotencyKey, order.getId());
		}
		return new PlacedOrder(order, false);
	}

	/** The event carries what consumers need, so that none of them has to query this service's database. */
	private static TicketOrderPlaced event(Order order, User user, Content content) {
		return new TicketOrderPlaced(Long.toString(order.getId()), Long.toString(user.getId()), user.getNickname(),
				Long.toString(content.getId()), content.getTitle(), content.getCategory(), order.getCreatedAt());
	}

	private static String requestHash(long userId, long contentId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("userId=" + userId + "&contentId=" + contentId).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
