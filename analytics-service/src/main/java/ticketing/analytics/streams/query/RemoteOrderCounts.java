package ticketing.analytics.streams.query;

import java.net.http.HttpClient;
import java.time.Duration;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks the instance that owns a user for the user's counts, over the same HTTP endpoint. */
@Component
class RemoteOrderCounts {

	/** Marks a forwarded request, so that the receiving instance answers from its store or not at all. */
	static final String FORWARDED_HEADER = "X-Ticketing-Forwarded";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final RestClient client;

	RemoteOrderCounts() {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
		requests.setReadTimeout(TIMEOUT);
		this.client = RestClient.builder().requestFactory(requests).build();
	}

	UserOrderCounts countsOf(HostInfo owner, String userId) {
		try {
			UserOrderCounts counts = this.client.get()
				.uri("http://{host}:{port}" + OrderCountsController.PATH, owner.host(), owner.port(), userId)
				.header(FORWARDED_HEADER, "true")
				.retrieve()
				.body(UserOrderCounts.class);
			if (counts == null) {
				throw new StoreUnavailableException("The instance " + owner + " owning this user sent no counts");
			}
			return counts;
		}
		catch (RestClientException ex) {
			throw new StoreUnavailableException("The instance " + owner + " owning this user did not answer", ex);
		}
	}

}
