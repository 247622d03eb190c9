package ticketing.analytics.streams.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /order-counts/{userId}}: a user's current order counts per window, from any instance; for operators
 * (AnalyticsAccessRules).
 */
@RestController
class OrderCountsController {

	static final String PATH = "/order-counts/{userId}";

	private final OrderCountsQueryService queries;

	OrderCountsController(OrderCountsQueryService queries) {
		this.queries = queries;
	}

	@Operation(summary = "A user's order counts per window (Kafka Streams' state), from whichever instance owns them")
	@ApiResponse(responseCode = "200", description = "The windows still in the store, with their counts")
	@ApiResponse(responseCode = "401", description = "No valid bearer token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The token does not grant the operator role",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Kafka Streams is starting or rebalancing, or the owning instance "
			+ "did not answer; retry after Retry-After seconds", content = @Content(mediaType = "application/problem+json"))
	@GetMapping(PATH)
	UserOrderCounts countsOf(@PathVariable String userId,
			// Set by the instance that forwarded the request here: not part of the public API.
			@Parameter(hidden = true) @RequestHeader(name = RemoteOrderCounts.FORWARDED_HEADER,
					defaultValue = "false") boolean forwarded) {
		return this.queries.countsOf(userId, forwarded);
	}

}
