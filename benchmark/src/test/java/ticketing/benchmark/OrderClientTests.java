package ticketing.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ticketing.security.issuer.TokenIssuer;

class OrderClientTests {

	private static final BearerTokens TOKENS = new BearerTokens(TokenIssuer.generate());

	private HttpServer server;

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final List<InetSocketAddress> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger ids = new AtomicInteger(41);

	private volatile String mode = "length";

	@BeforeEach
	void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/orders", this::answer);
		server.start();
	}

	@AfterEach
	void stopServer() {
		server.stop(0);
	}

	@Test
	void shouldPostTheOrderAndReadTheIdFromAFixedLengthOrAChunkedAnswerOnOneConnection() {
		// Given a client of the server
		OrderClient client = new OrderClient("http://127.0.0.1:" + server.getAddress().getPort(), TOKENS);

		// When it places an order answered with a Content-Length, then one answered in chunks
		long first = client.place(2_000_001, 2_000_002);
		mode = "chunked";
		long second = client.place(2_000_003, 2_000_004);

		// Then both ids are read, the bodies were the orders, each with its user's bearer token, and the second order
		// reused the first's connection
		assertThat(first).isEqualTo(42);
		assertThat(second).isEqualTo(43);
		assertThat(bodies).containsExactly("{\"userId\":2000001,\"contentId\":2000002}",
				"{\"userId\":2000003,\"contentId\":2000004}");
		assertThat(authorizations).containsExactly(TOKENS.user(2_000_001), TOKENS.user(2_000_003));
		assertThat(BearerTokensTests.claims(authorizations.get(0))).contains("\"sub\":\"2000001\"");
		assertThat(connections).hasSize(2).satisfies((list) -> assertThat(list.get(0)).isEqualTo(list.get(1)));
	}

	@Test
	void shouldReportAnAnswerOtherThanCreatedAsNotPlacedAndGoOn() {
		// Given a server that refuses the first order
		OrderClient client = new OrderClient("http://127.0.0.1:" + server.getAddress().getPort(), TOKENS);
		mode = "unprocessable";

		// When two orders are placed
		long refused = client.place(1, 1);
		mode = "length";
		long placed = client.place(2_000_001, 2_000_002);

		// Then the first is not placed, the second is
		assertThat(refused).isEqualTo(-1);
		assertThat(placed).isEqualTo(42);
	}

	@Test
	void shouldOpenANewConnectionAfterTheServerClosedOne() {
		// Given a server that answers and closes
		OrderClient client = new OrderClient("http://127.0.0.1:" + server.getAddress().getPort(), TOKENS);
		mode = "close";

		// When two orders are placed
		long first = client.place(2_000_001, 2_000_002);
		mode = "length";
		long second = client.place(2_000_003, 2_000_004);

		// Then both were placed, on two connections
		assertThat(first).isEqualTo(42);
		assertThat(second).isEqualTo(43);
		assertThat(connections).hasSize(2).satisfies((list) -> assertThat(list.get(0)).isNotEqualTo(list.get(1)));
	}

	@Test
	void shouldOpenANewConnectionAfterItsThreadClosedIt() {
		// Given an order placed on a connection
		OrderClient client = new OrderClient("http://127.0.0.1:" + server.getAddress().getPort(), TOKENS);
		long first = client.place(2_000_001, 2_000_002);

		// When the thread closes its connection and places another order
		client.closeConnection();
		long second = client.place(2_000_003, 2_000_004);

		// Then both were placed, on two connections
		assertThat(List.of(first, second)).containsExactly(42L, 43L);
		assertThat(connections).hasSize(2).satisfies((list) -> assertThat(list.get(0)).isNotEqualTo(list.get(1)));
	}

	private void answer(HttpExchange exchange) throws IOException {
		bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
		connections.add(exchange.getRemoteAddress()); // the client's end names the connection
		boolean refuse = mode.equals("unprocessable");
		byte[] body = (refuse ? "{\"title\":\"Unknown user\",\"status\":422}"
				: "{\"contentId\":2000002,\"createdAt\":\"2026-12-07T12:00:00Z\",\"id\":" + ids.incrementAndGet()
						+ ",\"userId\":2000001}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (mode.equals("close")) {
			exchange.getResponseHeaders().set("Connection", "close");
		}
		exchange.sendResponseHeaders(refuse ? 422 : 201, mode.equals("chunked") ? 0 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
