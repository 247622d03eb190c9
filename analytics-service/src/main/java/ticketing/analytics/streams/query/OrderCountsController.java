package ticketing.analytics.streams.query;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /order-counts/{userId}}: a user's current order counts per window, from any instance. */
@RestController
class OrderCountsController {

	static final String PATH = "/order-counts/{userId}";

	private final OrderCountsQueryService queries;

	OrderCountsController(OrderCountsQueryService queries) {
		this.queries = queries;
	}

	@GetMapping(PATH)
	UserOrderCounts countsOf(@PathVariable String userId,
			@RequestHeader(name = RemoteOrderCounts.FORWARDED_HEADER, defaultValue = "false") boolean forwarded) {
		return this.queries.countsOf(userId, forwarded);
	}

}
