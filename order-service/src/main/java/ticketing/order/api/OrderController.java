package ticketing.order.api;

import java.net.URI;
import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ticketing.order.domain.Order;
import ticketing.order.domain.OrderService;
import ticketing.order.domain.Orders;
import ticketing.order.domain.PlacedOrder;
import ticketing.security.Caller;

/** Places and reads ticket orders. */
@RestController
@RequestMapping(path = "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

	/** The response header that tells a client its Idempotency-Key matched an earlier request. */
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	/** Printable ASCII, as the IETF Idempotency-Key draft allows; long enough for a UUID and more. */
	private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final OrderService orderService;

	private final Orders orders;

	private final Tracer tracer;

	private final OrderRateLimiter rateLimiter;

	OrderController(OrderService orderService, Orders orders, Tracer tracer, OrderRateLimiter rateLimiter) {
		this.tracer = tracer;
		this.orderService = orderService;
		this.orders = orders;
		this.rateLimiter = rateLimiter;
	}

	/**
	 * Places an order for the token's user: 201 with its Location. With an Idempotency-Key, a repeat of the same
	 * request returns the same order (marked with Idempotent-Replayed) and creates nothing.
	 */
	@Operation(summary = "Place an order for the token's user", description = "201 with Location. The same "
			+ "Idempotency-Key with the same body returns the same order (Idempotent-Replayed: true) and creates "
			+ "nothing; with another body, 422. A userId in the body, if any, must be the token's user.")
	@ApiResponse(responseCode = "201", description = "The order was placed (or replayed)")
	@ApiResponse(responseCode = "400", description = "Malformed JSON, wrong types, missing or unknown fields, "
			+ "non-positive ids, a bad Idempotency-Key", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "No valid bearer token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The token names no user, or another user than the body's userId",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body is over the size limit",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "The body is not application/json",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "Unknown user or content, or an Idempotency-Key reused for "
			+ "another body", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429", description = "The user placed too many orders too fast; retry after "
			+ "Retry-After seconds", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "The database is unavailable; retry after Retry-After seconds",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Order> place(Caller caller, @Valid @RequestBody PlaceOrderRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@RequestHeader(name = "traceparent", required = false) @Nullable String traceparent) {
		if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"The Idempotency-Key header must be 1 to 255 printable ASCII characters, such as a UUID");
		}
		long userId = caller.requireUser();
		if (request.userId() != null && request.userId() != userId) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "An order is placed for the token's user ("
					+ userId + "); the body names user " + request.userId() + ". Leave userId out, or use their token");
		}
		rateLimiter.acquire(userId);
		// The event carries the context of this request's span, so the relay's and the consumers' spans follow it in
		// the same trace; without tracing, a new span id in the caller's trace (or a new trace)
		Span span = tracer.currentSpan();
		String eventTraceparent = (span != null) ? Traceparents.of(span.context()) : Traceparents.childOf(traceparent);
		PlacedOrder placed = orderService.place(userId, request.contentId(), idempotencyKey,
				eventTraceparent);
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(placed.order().getId())
			.toUri();
		ResponseEntity.BodyBuilder response = ResponseEntity.created(location);
		if (placed.replayed()) {
			response.header(IDEMPOTENT_REPLAYED, "true");
		}
		return response.body(placed.order());
	}

	/** An order of the token's user (any order for an operator); another user's is not found, not forbidden. */
	@Operation(summary = "Read one of your orders")
	@GetMapping("/{id}")
	Order order(Caller caller, @PathVariable @Positive long id) {
		// 404 and not 403 for another user's order: ids are sequential, and a 403 would confirm that one exists
		return orders.findById(id)
			.filter((order) -> caller.mayRead(order.getUserId()))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "You have no order " + id));
	}

	/** A user's orders, newest first, a page at a time: the token's user's, or any user's for an operator. */
	@Operation(summary = "List your orders, newest first, a page at a time",
			description = "userId defaults to the token's user; another user's orders need the operator role")
	@GetMapping
	OrderPage ordersOfUser(Caller caller, @RequestParam(required = false) @Positive @Nullable Long userId,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		long owner = (userId != null) ? userId : caller.requireUser();
		caller.requireMayRead(owner);
		return OrderPage.of(orders.findByUserIdOrderByIdDesc(owner, PageRequest.of(page, size)));
	}

}
