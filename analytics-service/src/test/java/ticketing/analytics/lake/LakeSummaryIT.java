package ticketing.analytics.lake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ticketing.security.issuer.TokenIssuer;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.http.RequestCollection;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.metrics.GrafanaDashboard;
import ticketing.testsupport.net.TcpProxy;
import ticketing.testsupport.s3.S3TestBucket;
import ticketing.testsupport.security.TestTokens;
import ticketing.testsupport.tracing.InMemorySpans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service, wired by Spring Boot from application.yml: orders placed on its topic appear in its bucket, and
 * {@code GET /lake/summary} counts them; with S3 away (a proxy in between, closed) the summary is a 503 problem. Who
 * may call what: requests are an operator's unless a test says otherwise.
 */
@RealInfrastructure
// Tests leave metrics export off unless asked: one scrapes /actuator/prometheus as Prometheus would.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.prometheus.metrics.export.enabled=true",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
// and one reads the spans it exported (to memory)
@AutoConfigureTracing
@Import(InMemorySpans.class)
@DirtiesContext
class LakeSummaryIT {

	private static final KafkaTestCluster KAFKA = TestInfrastructure.kafka();

	private static final String TOPIC = KAFKA.createTopic("ticket-order");

	private static final S3TestBucket BUCKET = TestInfrastructure.s3().createBucket();

	private static final TcpProxy S3 = new TcpProxy(BUCKET.endpoint().getHost(), BUCKET.endpoint().getPort());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private LakeStore store;

	@Autowired
	private InMemorySpanExporter spans;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		KAFKA.springProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("ticketing.lake.topic", () -> TOPIC);
		registry.add("ticketing.lake.group-id", () -> "analytics-lake-" + TOPIC);
		registry.add("ticketing.lake.dead-letter-topic", () -> KAFKA.createTopic("ticket-order.DLT"));
		registry.add("ticketing.lake.bucket", BUCKET::name);
		registry.add("ticketing.lake.max-age", () -> "300ms");
		registry.add("ticketing.lake.retry-max", () -> "1s");
		registry.add("ticketing.lake.s3.endpoint", () -> "http://" + BUCKET.endpoint().getHost() + ":" + S3.port());
		registry.add("ticketing.lake.s3.access-key", BUCKET::accessKey);
		registry.add("ticketing.lake.s3.secret-key", BUCKET::secretKey);
		registry.add("ticketing.lake.s3.call-timeout", () -> "3s");
		// The Streams part of the service runs too, on topics of its own.
		registry.add("spring.kafka.streams.application-id", () -> "analytics-streams-" + TOPIC);
		registry.add("spring.kafka.streams.state-dir", () -> "target/streams-state/" + TOPIC);
		registry.add("ticketing.streams.topics.orders", () -> TOPIC);
		registry.add("ticketing.streams.topics.live-orders", () -> TOPIC + "-live");
		registry.add("ticketing.streams.topics.suspicious-users", () -> TOPIC + "-suspicious");
		registry.add("ticketing.streams.topics.dead-letter", () -> TOPIC + "-streams.DLT");
		// Bearer tokens signed by the tests' own key (TestTokens)
		registry.add(TestTokens.PUBLIC_KEY_LOCATION_PROPERTY, TestTokens::publicKeyLocation);
	}

	@AfterAll
	static void closeInfrastructure() {
		S3.close();
		BUCKET.close();
	}

	@Test
	void shouldCountTheLakesObjectsAndRecordsPerDate() throws Exception {
		// Given orders placed
		try (LakeOrders orders = new LakeOrders(KAFKA, TOPIC)) {
			orders.sendCommitted(7);
		}

		// When the summary is asked for / Then it counts them all, under the date they were placed, and every object
		String today = LocalDate.ofInstant(RecordTimes.now(), ZoneOffset.UTC).toString();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			HttpResponse<String> response = get("/lake/summary");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode summary = JSON.readTree(response.body());
			assertThat(summary.get("bucket").asString()).isEqualTo(BUCKET.name());
			assertThat(summary.get("records").asLong()).isEqualTo(7);
			long objects = new LakeContent(BUCKET.client(), BUCKET.name()).keys().size();
			assertThat(summary.get("objects").asLong()).isEqualTo(objects);
			JsonNode date = summary.get("dates").get(0);
			assertThat(date.get("date").asString()).isEqualTo(today);
			assertThat(date.get("records").asLong()).isEqualTo(7);
		});
		assertThat(this.store.summary()).hasSize(1);
		// and the writer's meters say as much: 7 records written, each object timed from its oldest order to S3
		JsonNode written = JSON.readTree(get("/actuator/metrics/lake.records.written").body());
		assertThat(written.get("measurements").get(0).get("value").asDouble()).isEqualTo(7.0);
		JsonNode orderToLake = JSON.readTree(get("/actuator/metrics/lake.order-to-lake").body()).get("measurements");
		assertThat(orderToLake.get(0).get("statistic").asString()).isEqualTo("COUNT");
		assertThat(orderToLake.get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
		assertThat(orderToLake.get(1).get("statistic").asString()).isEqualTo("TOTAL_TIME");
		assertThat(orderToLake.get(1).get("value").asDouble()).isPositive();

		// and each order continued its trace (the relay's span 0af7...-b7ad... in its traceparent) in a span of the
		// lake, ended once the object holding it was in S3, and in one of Kafka Streams
		List<String> objects = new LakeContent(BUCKET.client(), BUCKET.name()).keys();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<SpanData> children = this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getTraceId().equals("0af7651916cd43dd8448eb211c80319c")
						&& span.getParentSpanId().equals("b7ad6b7169203331"))
				.toList();
			assertThat(children).allSatisfy((span) -> {
				assertThat(span.getName()).isEqualTo(TOPIC + " process");
				assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
				assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
					.isEqualTo("analytics-service");
			});
			assertThat(children).filteredOn((span) -> group(span).equals("analytics-lake-" + TOPIC))
				.allSatisfy((span) -> assertThat(
						span.getAttributes().get(AttributeKey.stringKey("ticketing.lake.object"))).isIn(objects))
				.extracting(LakeSummaryIT::recordOf)
				.doesNotHaveDuplicates()
				.hasSize(7);
			assertThat(children).filteredOn((span) -> group(span).equals("analytics-streams-" + TOPIC))
				.extracting(LakeSummaryIT::recordOf)
				.doesNotHaveDuplicates()
				.hasSize(7);
		});
	}

	/** The partition and offset of the record the span is about. */
	private static String recordOf(SpanData span) {
		return span.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id")) + "@"
				+ span.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"));
	}

	private static String group(SpanData span) {
		return String.valueOf(span.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")));
	}

	@Test
	void shouldLetPrometheusScrapeEveryMeterTheDashboardShows() throws Exception {
		// Given a poison record on the topic (it goes to the dead-letter topic, not into the lake)
		try (LakeOrders orders = new LakeOrders(KAFKA, TOPIC)) {
			orders.sendRaw("poison", "{\"order_id\": 7,", new RecordHeaders());
		}

		// When Prometheus scrapes analytics-service, then it finds the lake's dead letter, counted by kind
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			String scrape = get("/actuator/prometheus").body();
			assertThat(scrape).containsPattern("ticketing_dead_letters_total\\{failure=\"DeserializationException\",group=\""
					+ "analytics-lake-" + TOPIC + "\",topic=\"" + TOPIC + "\"} 1");
			// and Kafka Streams', which writes a copy of its own
			assertThat(scrape).containsPattern("ticketing_dead_letters_total\\{failure=\"\\w+\",group=\""
					+ "analytics-streams-" + TOPIC + "\",topic=\"" + TOPIC + "\"} 1");
			// and every meter the repository's Grafana dashboard shows of analytics-service: the lake's, Kafka
			// Streams', and the lake consumers' records-lag
			assertThat(GrafanaDashboard.notIn(scrape, GrafanaDashboard.load().metricsOf("analytics-service")))
				.isEmpty();
		});
	}

	@Test
	void shouldAnswerAProblemWhenS3IsUnreachable() throws Exception {
		// Given S3 is away
		S3.cut();
		try {
			// When the summary is asked for
			HttpResponse<String> response = get("/lake/summary");

			// Then the answer is a 503 problem, to retry later
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
			assertThat(JSON.readTree(response.body()).get("title").asString()).isEqualTo("Lake temporarily unavailable");
			// and the instance is not ready (out of the load balancer) but alive (no restart would help)
			assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
		finally {
			S3.open();
		}
		// And once S3 is back, it answers again
		await().atMost(Duration.ofSeconds(30)).until(() -> get("/lake/summary").statusCode() == 200);
		await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health/readiness").statusCode() == 200);
	}

	@Test
	void shouldDescribeTheApiWithOpenApiToAnyone() throws Exception {
		// When the document is asked for without a token
		HttpResponse<String> response = getWithoutToken("/v3/api-docs");

		// Then it is there, and says that the API needs a bearer token, and what it answers without the right one
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode api = JSON.readTree(response.body());
		assertThat(api.at("/info/title").asString()).isEqualTo("analytics-service");
		assertThat(api.at("/paths/~1lake~1summary/get/responses").propertyNames()).contains("200", "401", "403",
				"503");
		JsonNode counts = api.at("/paths/~1order-counts~1{userId}/get");
		assertThat(counts.get("responses").propertyNames()).contains("200", "401", "403", "503");
		assertThat(api.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		// the header between instances is not part of the public API
		assertThat(counts.get("parameters").findValuesAsString("name")).containsExactly("userId");
		// and Swagger UI is there too
		assertThat(getWithoutToken("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void shouldShowTheAnalyticsToOperatorsOnly() throws Exception {
		for (String analytics : List.of("/lake/summary", "/order-counts/100")) {
			// When no token is sent: 401 with the Bearer challenge of RFC 6750, and a problem that says what to send
			HttpResponse<String> none = getWithoutToken(analytics);
			assertProblem(none, 401, "needs a bearer token");
			assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(challenge) -> assertThat(challenge).startsWith("Bearer"));
			// When a shop user's token is sent, even for their own counts: 403
			assertProblem(get(analytics, TestTokens.user(100)), 403, "operator role");
		}
		// When an operator's token is sent: the analytics (the order counts once Kafka Streams runs)
		assertThat(get("/lake/summary", TestTokens.operator()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> get("/order-counts/100", TestTokens.operator()).statusCode() == 200);
	}

	@Test
	void shouldRefuseTokensItDidNotIssueOrThatExpired() throws Exception {
		// An operator's token signed by another key, an expired one, and no JWT at all: 401, the token not echoed
		String stranger = TokenIssuer.generate().operatorToken(Duration.ofMinutes(5));
		String expired = TestTokens.issuer()
			.token(TokenIssuer.OPERATOR_SUBJECT, List.of("operator"), Instant.now().minus(Duration.ofHours(3)),
					Duration.ofHours(1));
		HttpResponse<String> strangers = get("/lake/summary", "Bearer " + stranger);
		assertProblem(strangers, 401, "The bearer token was refused");
		assertThat(strangers.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
		assertThat(strangers.body()).doesNotContain(stranger);
		assertProblem(get("/lake/summary", "Bearer " + expired), 401, "expired");
		assertProblem(get("/actuator/prometheus", "Bearer " + stranger), 401, "The bearer token was refused");
		assertProblem(get("/order-counts/100", "Bearer not-a-jwt"), 401, "The bearer token was refused");
	}

	@Test
	void shouldShowHealthToAnyoneAndTheMetersToOperatorsOnly() throws Exception {
		// Health, for load balancers and docker compose, needs no token
		assertThat(getWithoutToken("/actuator/health/liveness").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60)).until(() -> getWithoutToken("/actuator/health").statusCode() == 200);

		// The meters need an operator's token: none is 401, a user's is 403
		for (String meters : List.of("/actuator/metrics", "/actuator/prometheus")) {
			assertProblem(getWithoutToken(meters), 401, "needs a bearer token");
			assertProblem(get(meters, TestTokens.user(100)), 403, "operator role");
			assertThat(get(meters, TestTokens.operator()).statusCode()).as(meters).isEqualTo(200);
		}
	}

	@Test
	void shouldAnswerEveryRequestOfTheCollectionAsItsTitleSays() throws Exception {
		// Given the service ready (S3 reachable, Kafka Streams running)
		await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/readiness").statusCode() == 200
				&& get("/order-counts/100").statusCode() == 200);
		RequestCollection collection = RequestCollection.read(Path.of("..", "http", "analytics-service.http"));
		assertThat(collection.host()).isEqualTo("http://localhost:8082");

		// Then every request of the collection users run from their IDE, sent as written (with tokens of the tests'
		// key in place of the demo's), gets its title's status
		assertThat(collection.mismatches(HTTP, URI.create("http://localhost:" + this.port),
				TestTokens.requestCollectionTokens())).isEmpty();
		// and every operation of the API is in it
		assertThat(collection.uncovered(JSON.readTree(get("/v3/api-docs").body()))).isEmpty();
	}

	/** A GET as an operator, who may read the analytics and the meters. */
	private HttpResponse<String> get(String path) throws Exception {
		return get(path, TestTokens.operator());
	}

	/** A GET with this Authorization header. */
	private HttpResponse<String> get(String path, String authorization) throws Exception {
		return HTTP.send(request(path).header("Authorization", authorization).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> getWithoutToken(String path) throws Exception {
		return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(detail);
	}

}
