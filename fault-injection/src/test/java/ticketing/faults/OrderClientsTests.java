package ticketing.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ticketing.security.issuer.TokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

class OrderClientsTests {

	private static final SuiteOptions OPTIONS = SuiteOptions.parse(Path.of(".."), "--seed=1");

	private static final BearerTokens TOKENS = new BearerTokens(TokenIssuer.generate());

	private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

	/** Each request as "server index: method Authorization Idempotency-Key body". */
	private final List<String> requests = new CopyOnWriteArrayList<>();

	/** The statuses the first server answers, in turn; 201 once they are used up. */
	private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

	@AfterEach
	void stopServers() {
		servers.forEach((server) -> server.stop(0));
	}

	@Test
	void shouldSendTheOrderAgainToTheSameInstanceWithTheSameKeyOnceTheRateLimitsRetryAfterHasPassed() throws Exception {
		// Given an instance that answers the first attempt 429 (Retry-After: 1), and another instance
		statuses.add(429);
		OrderClients clients = new OrderClients(List.of(server(0), server(1)), TOKENS, OPTIONS);

		// When an order of user 7 is placed
		long start = System.nanoTime();
		var acknowledged = clients.placeOne("order-1", 7, 3);

		// Then it was sent again to the same instance a second later, with the same key and token, and acknowledged
		// once; the 429 counts as a retried attempt, not as an order lost or placed
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
		String sent = "0: POST " + TOKENS.user(7) + " order-1 {\"userId\":7,\"contentId\":3}";
		assertThat(requests).containsExactly(sent, sent);
		assertThat(acknowledged).hasValueSatisfying((order) -> assertThat(order.orderId()).isEqualTo(42));
		assertThat(clients.acknowledged()).hasSize(1);
		assertThat(clients.unacknowledged()).isEmpty();
		assertThat(clients.rateLimited()).isEqualTo(1);
		assertThat(clients.retries()).isEqualTo(1);
		assertThat(BearerTokensTests.claims(TOKENS.user(7))).contains("\"sub\":\"7\"");
	}

	@Test
	void shouldGiveUpAtOnceOnAnotherRefusal() throws Exception {
		// Given an instance that refuses the order (a token it does not accept, say)
		statuses.add(401);
		OrderClients clients = new OrderClients(List.of(server(0), server(1)), TOKENS, OPTIONS);

		// When an order is placed
		var acknowledged = clients.placeOne("order-1", 7, 3);

		// Then it was sent once, and is reported with the answer
		assertThat(acknowledged).isEmpty();
		assertThat(requests).hasSize(1);
		assertThat(clients.unacknowledged()).singleElement()
			.satisfies((order) -> assertThat(order.lastAnswer()).startsWith("401"));
		assertThat(clients.retries()).isZero();
	}

	private int server(int index) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/orders", (exchange) -> answer(index, exchange));
		server.start();
		servers.add(server);
		return server.getAddress().getPort();
	}

	private void answer(int index, HttpExchange exchange) throws IOException {
		requests.add(index + ": " + exchange.getRequestMethod() + " "
				+ exchange.getRequestHeaders().getFirst("Authorization") + " "
				+ exchange.getRequestHeaders().getFirst("Idempotency-Key") + " "
				+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Integer status = (index == 0) ? statuses.poll() : Integer.valueOf(503);
		int answer = (status != null) ? status : 201;
		byte[] body = (answer == 201 ? "{\"id\":42,\"userId\":7,\"contentId\":3}"
				: "{\"status\":" + answer + ",\"title\":\"refused\"}")
			.getBytes(StandardCharsets.UTF_8);
		if (answer == 429) {
			exchange.getResponseHeaders().set("Retry-After", "1");
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(answer, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
