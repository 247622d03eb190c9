package ticketing.notification.api;

import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriTemplate;

import ticketing.notification.purchase.LastPurchase;
import ticketing.notification.purchase.LastPurchaseStore;
import ticketing.security.Caller;

/**
 * {@code GET /users/{userId}/last-purchase}: the buyer's way from a purchase to the content's streaming page, for the
 * buyer's own token or an operator's.
 */
@RestController
class LastPurchaseController {

	/** What a user id looks like: letters, digits, {@code -}, {@code _} and {@code .}, at most 64 characters. */
	static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Logger log = LoggerFactory.getLogger(LastPurchaseController.class);

	private final LastPurchaseStore store;

	private final UriTemplate streamingPage;

	LastPurchaseController(LastPurchaseStore store, StreamingSettings settings) {
		this.store = store;
		this.streamingPage = new UriTemplate(settings.urlTemplate());
	}

	@Operation(summary = "The user's latest purchase, with the streaming page of its content",
			description = "Read from Redis, which notification-service keeps from the ticket-order topic: an order "
					+ "appears here a moment after it was placed. For the user's own token, or an operator's.")
	@ApiResponse(responseCode = "200", description = "The latest purchase and its streaming URL")
	@ApiResponse(responseCode = "400", description = "Not a user id (1 to 64 of A-Z, a-z, 0-9, '.', '-', '_')",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "No valid bearer token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The token is neither this user's nor an operator's",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "The user has no purchase yet",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Redis is unavailable; try again shortly",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/users/{userId}/last-purchase")
	LastPurchaseResponse lastPurchase(Caller caller, @PathVariable String userId) {
		if (!USER_ID.matcher(userId).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"A user id is 1 to 64 letters, digits, '.', '-' or '_'.");
		}
		// Before Redis is read: a 403 then says nothing about whether the user has bought anything
		requireMayRead(caller, userId);
		LastPurchase purchase = store.find(userId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"User " + userId + " has no purchase yet."));
		return new LastPurchaseResponse(purchase.userId(), purchase.orderId(), purchase.contentId(), purchase.title(),
				purchase.category(), purchase.purchasedAt(),
				streamingPage.expand(Map.of("contentId", purchase.contentId())));
	}

	/**
	 * A user id a token can name (order-service's: a positive number) is read by its user or an operator; another key
	 * (a hand-typed event's, or {@code 0100}, which Redis keeps apart from {@code 100}) by an operator only.
	 */
	private static void requireMayRead(Caller caller, String userId) {
		Long tokenUser = Caller.userIdOf(userId);
		if (tokenUser != null) {
			caller.requireMayRead(tokenUser);
		}
		else if (!caller.operator()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "A token may read only its own user's data; '"
					+ userId + "' is no user a token can name, so only an operator may read it");
		}
	}

	/** Redis unreachable is the service's problem, not the client's: 503, and the client may retry. */
	@ExceptionHandler(DataAccessException.class)
	ProblemDetail redisUnavailable(DataAccessException ex) {
		log.warn("Redis unavailable: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The purchase store is unavailable; try again shortly.");
		problem.setTitle("Service Unavailable");
		return problem;
	}

}
