package ticketing.order.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import ticketing.order.Http;
import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;
import ticketing.security.issuer.TokenIssuer;
import ticketing.testsupport.http.RequestCollection;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The REST API over a real port against a real PostgreSQL database: the happy path, the sample data, idempotency keys,
 * and every kind of bad input, each answered with a problem detail that writes nothing. The relay is off here; the
 * relay tests cover publishing.
 */
@RealInfrastructure
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "ticketing.order.relay.enabled=false")
// Tracing as it runs deployed: Spring Boot's tests turn span export off unless asked, and with it the W3C propagation
// that lets an order continue its caller's trace
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
class OrderApiIT {

	private static final String PROBLEM_JSON = "application/problem+json";

	/** The rate limit as deployed, with room for this class's own orders of the sample users. */
	private static final int BURST = 40;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry, true);
		registry.add("ticketing.order.api.rate-limit.burst", () -> BURST);
		// the demo's sign-in on, as ./demo runs it, so that the request collection's sign-in requests are answered
		registry.add("ticketing.order.page.demo-sign-in-keys", () -> TestTokens.keyFolder().toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void client() {
		http = new Http(port);
	}

	@Test
	void shouldLoadTheSampleDataThroughTheOutbox() {
		// Given the service started on an empty database with sample data enabled
		// Then the 5 sample users, 6 contents of every category, and 9 orders each with its outbox event exist
		// (other tests of the class add users of their own, from 7000)
		assertThat(jdbc.sql("SELECT id FROM users WHERE id < 7000").query(Long.class).list())
			.containsExactlyInAnyOrder(100L, 101L, 102L, 103L, 104L);
		assertThat(jdbc.sql("SELECT DISTINCT category FROM contents").query(String.class).list())
			.containsExactlyInAnyOrder("live", "stage", "movie", "comedy");
		assertThat(count("ticket_orders")).isGreaterThanOrEqualTo(9);
		assertThat(jdbc.sql("SELECT count(*) FROM ticket_orders o WHERE NOT EXISTS (SELECT 1 FROM order_outbox e "
				+ "WHERE e.payload::jsonb ->> 'order_id' = o.id::text)").query(Long.class).single()).isZero();
	}

	@Test
	void shouldPlaceAnOrderAndWriteItsEventInTheSameTransaction() {
		// Given
		long outboxBefore = count("order_outbox");

		// When
		HttpResponse<String> created = http.postJson("/orders", "{\"userId\": 103, \"contentId\": 4}");

		// Then: 201, a Location that serves the order, the order as the body
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode order = Http.json(created);
		long id = order.get("id").asLong();
		assertThat(order.get("userId").asLong()).isEqualTo(103);
		assertThat(order.get("contentId").asLong()).isEqualTo(4);
		assertThat(order.get("createdAt").asString()).isNotBlank();
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/orders/" + id);
		HttpResponse<String> read = http.get("/orders/" + id);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(Http.json(read)).isEqualTo(order);

		// And: its event, with what consumers need, waits in the outbox
		assertThat(count("order_outbox")).isEqualTo(outboxBefore + 1);
		String payload = jdbc.sql("SELECT payload FROM order_outbox WHERE payload::jsonb ->> 'order_id' = ?")
			.param(Long.toString(id))
			.query(String.class)
			.single();
		assertThat(payload).contains("\"user_id\":\"103\"", "\"nickname\":\"leo\"", "\"content_id\":\"4\"",
				"\"title\":\"Hamlet\"", "\"category\":\"stage\"", "\"created_at\"");
	}

	@Test
	void shouldContinueTheCallersTraceWhenTheTraceparentIsValid() {
		// Given
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

		// When
		long id = Http.json(http.postJson("/orders", "{\"userId\": 104, \"contentId\": 2}", "traceparent",
				"00-" + traceId + "-00f067aa0ba902b7-01")).get("id").asLong();
		long other = Http.json(http.postJson("/orders", "{\"userId\": 104, \"contentId\": 2}", "traceparent",
				"not-a-traceparent")).get("id").asLong();

		// Then: the same trace with a new span; an invalid one starts a new trace
		assertThat(traceparentOf(id)).matches("00-" + traceId + "-[0-9a-f]{16}-01")
			.isNotEqualTo("00-" + traceId + "-00f067aa0ba902b7-01");
		assertThat(traceparentOf(other)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(traceId);
	}

	@Test
	void shouldPageAUsersOrdersNewestFirst() {
		// Given user 102 with the sample orders and three more
		for (int i = 0; i < 3; i++) {
			assertThat(http.postJson("/orders", "{\"userId\": 102, \"contentId\": 6}").statusCode()).isEqualTo(201);
		}
		long total = jdbc.sql("SELECT count(*) FROM ticket_orders WHERE user_id = 102").query(Long.class).single();

		// When
		JsonNode first = Http.json(http.get("/orders?userId=102&size=2"));
		JsonNode second = Http.json(http.get("/orders?userId=102&size=2&page=1"));

		// Then
		assertThat(first.get("totalElements").asLong()).isEqualTo(total);
		assertThat(first.get("totalPages").asLong()).isEqualTo((total + 1) / 2);
		assertThat(first.get("content")).hasSize(2);
		long newest = first.get("content").get(0).get("id").asLong();
		long next = first.get("content").get(1).get("id").asLong();
		long third = second.get("content").get(0).get("id").asLong();
		assertThat(newest).isGreaterThan(next);
		assertThat(next).isGreaterThan(third);
	}

	@Test
	void shouldServeTheCatalogue() {
		JsonNode user = Http.json(http.get("/users/100"));
		assertThat(user.get("nickname").asString()).isEqualTo("mina");
		assertThat(user.get("registeredAt").asString()).isNotBlank();

		JsonNode contents = Http.json(http.get("/contents"));
		assertThat(contents).hasSize(6);
		assertThat(contents.get(0).get("title").asString()).isEqualTo("Seoul Jazz Night");
		assertThat(contents.get(0).get("category").asString()).isEqualTo("live");
	}

	@Test
	void shouldReturnTheSameOrderForARepeatedIdempotencyKey() {
		// Given
		String key = UUID.randomUUID().toString();
		long ordersBefore = count("ticket_orders");
		HttpResponse<String> first = http.postJson("/orders", "{\"userId\": 101, \"contentId\": 5}",
				"Idempotency-Key", key);

		// When
		HttpResponse<String> repeat = http.postJson("/orders", "{ \"contentId\": 5, \"userId\": 101 }",
				"Idempotency-Key", key);

		// Then: the same order, marked as a replay, and one order created in all
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(repeat.statusCode()).isEqualTo(201);
		assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(Http.json(repeat)).isEqualTo(Http.json(first));
		assertThat(repeat.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(count("ticket_orders")).isEqualTo(ordersBefore + 1);
	}

	@Test
	void shouldCreateOneOrderForConcurrentRequestsWithTheSameKey() {
		// Given
		String key = UUID.randomUUID().toString();
		long ordersBefore = count("ticket_orders");

		// When the same request arrives five times at once
		List<HttpResponse<String>> responses;
		ExecutorService clients = Executors.newFixedThreadPool(5);
		try {
			responses = IntStream.range(0, 5)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> http.postJson("/orders",
						"{\"userId\": 103, \"contentId\": 6}", "Idempotency-Key", key), clients))
				.toList()
				.stream()
				.map(CompletableFuture::join)
				.toList();
		}
		finally {
			clients.shutdown();
		}

		// Then one order was created, and every answer is that order
		assertThat(responses).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(201));
		assertThat(responses.stream().map((response) -> Http.json(response).get("id").asLong()).distinct())
			.hasSize(1);
		assertThat(count("ticket_orders")).isEqualTo(ordersBefore + 1);
	}

	@Test
	void shouldRefuseAnIdempotencyKeyReusedForAnotherOrder() {
		// Given
		String key = UUID.randomUUID().toString();
		assertThat(http.postJson("/orders", "{\"userId\": 101, \"contentId\": 5}", "Idempotency-Key", key)
			.statusCode()).isEqualTo(201);
		long ordersBefore = count("ticket_orders");

		// When
		HttpResponse<String> reused = http.postJson("/orders", "{\"userId\": 101, \"contentId\": 6}",
				"Idempotency-Key", key);

		// Then
		assertProblem(reused, 422, "already used for a different request");
		assertThat(count("ticket_orders")).isEqualTo(ordersBefore);
	}

	@Test
	void shouldForgetAnIdempotencyKeyAfterItsRetention() {
		// Given a key used more than its retention (24h) ago
		String key = UUID.randomUUID().toString();
		long firstId = Http.json(http.postJson("/orders", "{\"userId\": 104, \"contentId\": 1}", "Idempotency-Key",
				key)).get("id").asLong();
		jdbc.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = ?")
			.param(key)
			.update();

		// When
		HttpResponse<String> again = http.postJson("/orders", "{\"userId\": 104, \"contentId\": 1}",
				"Idempotency-Key", key);

		// Then: a new order
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(Http.json(again).get("id").asLong()).isNotEqualTo(firstId);
	}

	static Stream<Arguments> badOrders() {
		return Stream.of(
				arguments("malformed JSON", "{\"userId\": 100,", 400, "not valid JSON"),
				arguments("not an object", "[100, 1]", 400, "must be a JSON object"),
				arguments("empty body", "", 400, "body is missing"),
				arguments("null body", "null", 400, "body is missing"),
				arguments("id as text", "{\"userId\": \"abc\", \"contentId\": 1}", 400,
						"Field 'userId' must be a whole number"),
				arguments("id as numeric text", "{\"userId\": \"100\", \"contentId\": 1}", 400,
						"Field 'userId' must be a whole number"),
				arguments("decimal id", "{\"userId\": 100, \"contentId\": 1.5}", 400,
						"Field 'contentId' must be a whole number"),
				arguments("boolean id", "{\"userId\": true, \"contentId\": 1}", 400,
						"Field 'userId' must be a whole number"),
				arguments("object id", "{\"userId\": {\"id\": 1}, \"contentId\": 1}", 400,
						"Field 'userId' must be a whole number"),
				arguments("huge id", "{\"userId\": 123456789012345678901234567890, \"contentId\": 1}", 400,
						"out of range"),
				arguments("missing contentId", "{\"userId\": 100}", 400, "contentId is required"),
				arguments("missing both", "{}", 400, "contentId is required"),
				arguments("null contentId", "{\"userId\": 100, \"contentId\": null}", 400, "contentId is required"),
				arguments("extra field", "{\"userId\": 100, \"contentId\": 1, \"seats\": 2}", 400,
						"Unknown field 'seats'"),
				arguments("trailing content", "{\"userId\": 100, \"contentId\": 1} {}", 400, "request body"),
				arguments("zero id", "{\"userId\": 0, \"contentId\": 1}", 400, "userId must be a positive id"),
				arguments("negative id", "{\"userId\": 100, \"contentId\": -3}", 400,
						"contentId must be a positive id"),
				arguments("unknown user", "{\"userId\": 999, \"contentId\": 1}", 422, "There is no user 999"),
				arguments("unknown content", "{\"userId\": 100, \"contentId\": 999}", 422,
						"There is no content 999"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badOrders")
	void shouldRefuseABadOrderWithAProblemAndWriteNothing(String description, String body, int status,
			String detail) {
		// Given
		long orders = count("ticket_orders");
		long events = count("order_outbox");

		// When
		HttpResponse<String> response = http.postJson("/orders", body, "Idempotency-Key",
				UUID.randomUUID().toString());

		// Then
		assertProblem(response, status, detail);
		assertThat(count("ticket_orders")).isEqualTo(orders);
		assertThat(count("order_outbox")).isEqualTo(events);
		assertThat(count("idempotency_keys WHERE order_id IS NULL")).isZero();
	}

	@Test
	void shouldRefuseABodyOverTheLimit() {
		String big = "{\"userId\": 100, \"contentId\": 1, \"padding\": \"" + "x".repeat(5000) + "\"}";
		long orders = count("ticket_orders");

		assertProblem(http.postJson("/orders", big), 413, "larger than 4096 bytes");
		assertProblem(http.postChunked("/orders", big), 413, "larger than 4096 bytes");
		assertThat(count("ticket_orders")).isEqualTo(orders);
	}

	@Test
	void shouldRefuseAnUnsupportedMediaType() {
		HttpResponse<String> response = http.send("POST", "/orders", "text/plain",
				BodyPublishers.ofString("userId=100&contentId=1"));

		assertProblem(response, 415, "send it with Content-Type: application/json, not 'text/plain'");
	}

	@Test
	void shouldRefuseAWrongMethod() {
		assertProblem(http.send("DELETE", "/orders/1", "application/json", BodyPublishers.noBody()), 405,
				"DELETE is not supported here; use GET");
		assertProblem(http.send("PUT", "/orders", "application/json", BodyPublishers.ofString("{}")), 405,
				"PUT is not supported here; use ");
		assertProblem(http.send("POST", "/contents", "application/json", BodyPublishers.ofString("{}")), 405,
				"POST is not supported here; use GET");
	}

	@Test
	void shouldRefuseABadIdempotencyKey() {
		assertProblem(http.postJson("/orders", "{\"userId\": 100, \"contentId\": 1}", "Idempotency-Key",
				"k".repeat(300)), 400, "Idempotency-Key");
	}

	static Stream<Arguments> badReads() {
		return Stream.of(arguments("/orders/0", 400, "id must be greater than 0"),
				arguments("/orders/abc", 400, "id must be a whole number, not 'abc'"),
				arguments("/orders/99999999", 404, "You have no order 99999999"),
				arguments("/orders", 403, "not a user id"),
				arguments("/orders?userId=-1", 400, "userId must be greater than 0"),
				arguments("/orders?userId=x", 400, "userId must be a whole number"),
				arguments("/orders?userId=100&size=1000", 400, "size must be less than or equal to 100"),
				arguments("/orders?userId=100&page=-1", 400, "page must be greater than or equal to 0"),
				arguments("/users/0", 400, "id must be greater than 0"),
				arguments("/users/999", 404, "There is no user 999"),
				arguments("/no-such-thing", 404, "no-such-thing"));
	}

	@ParameterizedTest(name = "GET {0}")
	@MethodSource("badReads")
	void shouldAnswerABadReadWithAProblem(String path, int status, String detail) {
		assertProblem(http.get(path), status, detail);
	}

	@Test
	void shouldDescribeTheApiWithOpenApi() {
		HttpResponse<String> response = http.get("/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode api = Http.json(response);
		assertThat(api.get("info").get("title").asString()).isEqualTo("order-service");
		assertThat(api.get("paths").propertyNames()).contains("/orders", "/orders/{id}", "/users/{id}", "/contents");
		assertThat(api.get("paths").get("/orders").get("post").get("responses").propertyNames()).contains("201", "400",
				"401", "403", "413", "415", "422", "429", "503");
		// and says how to authenticate, so that Swagger UI can send a token
		assertThat(api.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
			.isEqualTo("bearer");
		// and Swagger UI serves it (off with the prod profile: ProductionProfileIT)
		assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAnswerEveryRequestOfTheCollectionAsItsTitleSays() throws Exception {
		// Given the request collection users run from their IDE (http/order-service.http), against ./demo's port
		RequestCollection collection = RequestCollection.read(Path.of("..", "http", "order-service.http"));
		assertThat(collection.host()).isEqualTo("http://localhost:8080");

		// Then every request, sent as written, gets the status its title names
		assertThat(collection.mismatches(HttpClient.newHttpClient(), URI.create("http://localhost:" + port),
				TestTokens.requestCollectionTokens())).isEmpty();
		// and every operation of the API is in it
		assertThat(collection.uncovered(Http.json(http.get("/v3/api-docs")))).isEmpty();
	}

	@Test
	void shouldRefuseEveryRequestForAUserWithoutAValidToken(CapturedOutput output) {
		// Given
		long orders = count("ticket_orders");
		Http anonymous = http.anonymous();

		// When no token is sent: 401 with the Bearer challenge of RFC 6750, and a problem that says what to send
		HttpResponse<String> noToken = anonymous.postJson("/orders", "{\"contentId\": 1}");
		assertProblem(noToken, 401, "needs a bearer token");
		assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer"));
		assertProblem(anonymous.get("/orders/1"), 401, "needs a bearer token");
		assertProblem(anonymous.get("/orders?userId=100"), 401, "needs a bearer token");
		assertProblem(anonymous.get("/users/100"), 401, "needs a bearer token");
		assertProblem(anonymous.get("/actuator/metrics"), 401, "needs a bearer token");

		// When the token is signed by another key, has expired, is for another audience, or is no JWT at all
		String order = "{\"contentId\": 1}";
		String stranger = TokenIssuer.generate().userToken(100, Duration.ofMinutes(5));
		String expired = TestTokens.issuer()
			.token("100", List.of(), Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1));
		assertProblem(http.as("Bearer " + stranger).postJson("/orders", order), 401, "The bearer token was refused");
		assertProblem(http.as("Bearer " + expired).postJson("/orders", order), 401, "expired");
		assertProblem(http.as("Bearer not-a-jwt").postJson("/orders", order), 401, "The bearer token was refused");

		// Then nothing was written, and no token is in an answer or in the log
		assertThat(count("ticket_orders")).isEqualTo(orders);
		assertThat(http.as("Bearer " + stranger).postJson("/orders", order).body()).doesNotContain(stranger);
		assertThat(output.getAll()).doesNotContain(stranger, expired);
	}

	@Test
	void shouldServeTheCatalogueHealthAndApiDocumentsWithoutAToken() {
		Http anonymous = http.anonymous();

		assertThat(anonymous.get("/contents").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/v3/api-docs").statusCode()).isEqualTo(200);
	}

	@Test
	void shouldPlaceAnOrderForTheTokensUserOnly() {
		// Given
		long orders = count("ticket_orders");
		Http user102 = http.as(TestTokens.user(102));

		// When the body names no user: the order is the token's user's
		HttpResponse<String> placed = user102.postJson("/orders", "{\"contentId\": 3}");

		// Then
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		assertThat(Http.json(placed).get("userId").asLong()).isEqualTo(102);

		// And an order for another user, or an operator's order (an operator is no shop user), is refused
		assertProblem(user102.postJson("/orders", "{\"userId\": 101, \"contentId\": 3}"), 403,
				"the body names user 101");
		assertProblem(http.as(TestTokens.operator()).postJson("/orders", "{\"contentId\": 3}"), 403,
				"not a user id");
		assertThat(count("ticket_orders")).isEqualTo(orders + 1);
	}

	@Test
	void shouldShowAUserOnlyTheirOwnOrdersAndProfile() {
		// Given an order of user 101
		long theirs = Http.json(http.as(TestTokens.user(101)).postJson("/orders", "{\"contentId\": 2}"))
			.get("id")
			.asLong();
		Http user100 = http.as(TestTokens.user(100));

		// Then user 100 cannot see it, nor list user 101's orders or read their profile; 404 for the order, so that
		// sequential ids do not tell whether an order exists
		assertProblem(user100.get("/orders/" + theirs), 404, "You have no order " + theirs);
		assertProblem(user100.get("/orders?userId=101"), 403, "only its own user's data");
		assertProblem(user100.get("/users/101"), 403, "only its own user's data");
		// and lists only their own orders
		JsonNode own = Http.json(user100.get("/orders"));
		assertThat(own.get("content").valueStream().map((order) -> order.get("userId").asLong())).isNotEmpty()
			.containsOnly(100L);
		assertThat(user100.get("/users/100").statusCode()).isEqualTo(200);

		// And an operator sees any user's
		Http operator = http.as(TestTokens.operator());
		assertThat(operator.get("/orders/" + theirs).statusCode()).isEqualTo(200);
		assertThat(Http.json(operator.get("/orders?userId=101")).get("content").valueStream()
			.map((order) -> order.get("id").asLong())).contains(theirs);
	}

	@Test
	void shouldShowTheMetersToOperatorsOnly() {
		Http user = http.as(TestTokens.user(100));
		Http operator = http.as(TestTokens.operator());

		assertProblem(user.get("/actuator/metrics"), 403, "operator role");
		assertProblem(user.get("/actuator/prometheus"), 403, "operator role");
		assertThat(operator.get("/actuator/metrics").statusCode()).isEqualTo(200);
		assertThat(operator.get("/actuator/prometheus").statusCode()).isEqualTo(200);
	}

	@Test
	void shouldStopOneUsersBurstOfOrdersAtTheDoor() {
		// Given a user of their own for this test (the limit counts per user)
		long scalper = 7_001;
		long other = 7_002;
		for (long id : new long[] { scalper, other }) {
			jdbc.sql("INSERT INTO users (id, nickname, registered_at) VALUES (?, ?, now()) ON CONFLICT DO NOTHING")
				.params(id, "user-" + id)
				.update();
		}
		Http bot = http.as(TestTokens.user(scalper));

		// When they place the burst at once, and go on
		for (int i = 0; i < BURST; i++) {
			assertThat(bot.postJson("/orders", "{\"contentId\": 1}").statusCode()).isEqualTo(201);
		}
		// (one more order is earned per second, so a few more may pass while the burst is sent)
		int placed = BURST;
		HttpResponse<String> refused = bot.postJson("/orders", "{\"contentId\": 1}");
		while (refused.statusCode() == 201 && placed < 2 * BURST) {
			placed++;
			refused = bot.postJson("/orders", "{\"contentId\": 1}");
		}

		// Then the first over the limit is 429, told when to come back, and written nowhere
		assertProblem(refused, 429, "User " + scalper + " placed too many orders too fast");
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isEqualTo(1));
		assertThat(jdbc.sql("SELECT count(*) FROM ticket_orders WHERE user_id = ?").param(scalper)
			.query(Long.class).single()).isEqualTo(placed);
		// and another user is not held back by them
		assertThat(http.as(TestTokens.user(other)).postJson("/orders", "{\"contentId\": 1}").statusCode())
			.isEqualTo(201);
		// and operators see it in the meters
		JsonNode meter = Http.json(http.as(TestTokens.operator()).get("/actuator/metrics/ticketing.orders.rate-limited"));
		assertThat(meter.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void shouldServeTheShopsPageAndItsSettingsWithoutAToken() {
		// The page, its script and its settings are public: the page asks for a sign-in itself
		HttpResponse<String> page = http.anonymous().get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<title>Ticketing", "/page/shop.js");
		assertThat(http.anonymous().get("/operator.html").body()).contains("/page/operator.js");
		assertThat(http.anonymous().get("/page/shop.js").statusCode()).isEqualTo(200);
		JsonNode settings = Http.json(http.anonymous().get("/page-settings"));
		assertThat(settings.get("notificationServiceUrl").asString()).isEqualTo("http://localhost:8081");
		assertThat(settings.get("analyticsServiceUrl").asString()).isEqualTo("http://localhost:8082");
		assertThat(settings.get("demoSignIn").asBoolean()).isTrue();
	}

	@Test
	void shouldSignAVisitorInAsASampleUserOrTheOperatorWithTheDemosKey() {
		// A sample user's token, accepted for their own orders and no one else's
		HttpResponse<String> user = http.anonymous().postJson("/demo/sign-in", "{\"userId\": 102}");
		assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
		assertThat(Http.json(user).get("nickname").asString()).isEqualTo("sora");
		Http asUser = http.as("Bearer " + Http.json(user).get("token").asString());
		assertThat(asUser.get("/orders").statusCode()).isEqualTo(200);
		assertThat(asUser.get("/orders?userId=101").statusCode()).isEqualTo(403);
		// the operator's, accepted for any user's orders
		HttpResponse<String> operator = http.anonymous().postJson("/demo/sign-in", "{\"operator\": true}");
		assertThat(Http.json(operator).get("operator").asBoolean()).isTrue();
		assertThat(http.as("Bearer " + Http.json(operator).get("token").asString()).get("/orders?userId=101")
			.statusCode()).isEqualTo(200);
		// and the users it offers are the catalogue's
		assertThat(Http.json(http.anonymous().get("/demo/users")).findValues("nickname")).extracting(JsonNode::asString)
			.contains("mina", "jun", "sora", "leo", "hana");

		// No token for a user who does not exist, nor for a request that names no one or both
		assertProblem(http.anonymous().postJson("/demo/sign-in", "{\"userId\": 999999}"), 404, "no user 999999");
		assertProblem(http.anonymous().postJson("/demo/sign-in", "{}"), 400, "Sign in as a user");
		assertProblem(http.anonymous().postJson("/demo/sign-in", "{\"userId\": 101, \"operator\": true}"), 400,
				"not both");
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith(PROBLEM_JSON));
		JsonNode problem = Http.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).contains(detail);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	private String traceparentOf(long orderId) {
		return jdbc.sql("SELECT traceparent FROM order_outbox WHERE payload::jsonb ->> 'order_id' = ?")
			.param(Long.toString(orderId))
			.query(String.class)
			.single();
	}

	private long count(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
