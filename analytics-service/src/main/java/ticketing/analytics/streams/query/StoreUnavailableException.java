package ticketing.analytics.streams.query;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The counts cannot be read now: Kafka Streams is starting or rebalancing, or the instance owning the user is not
 * reachable. A 503 problem with Retry-After: asking again shortly is the right reaction.
 */
class StoreUnavailableException extends ErrorResponseException {

	static final String RETRY_AFTER_SECONDS = "2";

	StoreUnavailableException(String detail, @Nullable Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), cause);
		getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
	}

	StoreUnavailableException(String detail) {
		this(detail, null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle("Order counts temporarily unavailable");
		problem.setType(URI.create("urn:ticketing:problem:store-unavailable"));
		return problem;
	}

}
