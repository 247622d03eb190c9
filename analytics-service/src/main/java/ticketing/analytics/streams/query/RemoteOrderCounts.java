package ticketing.analytics.streams.query;

import java.net.http.HttpClient;
import java.time.Duration;

import org.apache.kafka.streams.state.HostInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the instance that owns a user for the user's counts, over the same HTTP endpoint, with the caller's own bearer
 * token: the owner checks it as this instance did, so a forwarded query can do no more than its caller may, and the
 * instances need no credentials of their own.
 */
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
				.headers((headers) -> {
					String token = callersToken();
					if (token != null) {
						headers.setBearerAuth(token);
					}
				})
				.retrieve()
				.body(UserOrderCounts.class);
			if (counts == null) {
				throw new StoreUnavailableException("The instance " + owner + " owning this user sent no counts");
			}
			return counts;
		}
		catch (HttpStatusCodeException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
				// This instance accepted the token and the owner did not: a configuration that differs, not a blip
				log.error("The instance {} refused a token that this instance accepted: every instance must trust the "
						+ "same token issuer (spring.security.oauth2.resourceserver.jwt.*), and their clocks agree",
						owner);
				throw new StoreUnavailableException("The instance " + owner + " owning this user refused the token "
						+ "that this instance accepted: the instances do not trust the same token issuer", ex);
			}
			log.warn("The query for a user forwarded to {} failed: {}", owner, ex.getStatusCode());
			throw new StoreUnavailableException("The instance " + owner + " owning this user answered "
					+ ex.getStatusCode().value() + "; try again shortly", ex);
		}
		catch (RestClientException ex) {
			log.warn("Forwarding the query for a user to {} failed: {}", owner, ex.toString());
			throw new StoreUnavailableException("The instance " + owner + " owning this user did not answer", ex);
		}
	}

	/** The bearer token of the request this instance is serving (on this thread), as it was sent. */
	private static @Nullable String callersToken() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token)
				? token.getToken().getTokenValue() : null;
	}

}
