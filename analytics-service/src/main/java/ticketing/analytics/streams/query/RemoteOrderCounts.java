package ticketing.analytics.streams.query;

import java.net.http.HttpClient;
import java.time.Duration;

import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks the instance that owns a user for the user's counts, over the same HTTP endpoint. */
@Component
class RemoteOrderCounts {

	/** Marks a forwarded request, so that the receiving instance answers from its store or not at all. */
	static final String FORWARDED_HEADER = "X-Ticketing-Forwarded";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(RemoteOrderCounts.class);

	private final RestClient client;

	RemoteOrderCounts() {
		// HTTP/1.1: the instances serve plain HTTP/1.1, so the JDK client's default HTTP/2 upgrade attempt is useless.
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build());
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
		catch (HttpStatusCodeException ex) {
			log.warn("The query for a user forwarded to {} failed: {}", owner, ex.getStatusCode());
			throw new StoreUnavailableException("The instance " + owner + " owning this user answered "
					+ ex.getStatusCode().value() + "; try again shortly", ex);
		}
		catch (RestClientException ex) {
			log.warn("Forwarding the query for a user to {} failed: {}", owner, ex.toString());
			throw new StoreUnavailableException("The instance " + owner + " owning this user did not answer", ex);
		}
	}

}
