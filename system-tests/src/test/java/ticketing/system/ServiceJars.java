package ticketing.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of this module share: where the services' jars are, how they start, how an order is placed. */
final class ServiceJars {

	/** The repository, whose modules' target folders hold the jars. */
	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/** Several JVMs starting at once on a small machine: the quick compiler only. */
	static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1");

	private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)");

	private ServiceJars() {
	}

	/** {@code POST /orders} as the user, with this JSON body and these extra header pairs; returns the new order's id. */
	static String placeOrder(int port, long userId, String body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
			.header("Content-Type", "application/json")
			.header("Authorization", TestTokens.user(userId))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Matcher id = ORDER_ID.matcher(response.body());
		assertThat(id.find()).as(response.body()).isTrue();
		return id.group(1);
	}

	/** Spring Boot arguments: the common ones, then a service's own. */
	static List<String> concat(List<String> first, String... more) {
		return Stream.concat(first.stream(), Arrays.stream(more)).toList();
	}

}
