package ticketing.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ticketing.consumer.DeadLetters;
import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.security.issuer.TokenIssuer;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.http.RequestCollection;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.kafka.TopicReader;
import ticketing.testsupport.metrics.GrafanaDashboard;
import ticketing.testsupport.metrics.PrometheusScrape;
import ticketing.testsupport.net.TcpProxy;
import ticketing.testsupport.redis.RedisTestKeyspace;
import ticketing.testsupport.security.TestTokens;
import ticketing.testsupport.tracing.InMemorySpans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The service against the 3-broker cluster and the real Redis (reached through a {@link TcpProxy}, so that a test can
 * take Redis away). One topic, dead-letter topic, group and key space for the class; each test its own users. Requests
 * are an operator's, who may read every user's purchase, unless a test says otherwise.
 */
// Tests leave metrics export off unless asked: one scrapes /actuator/prometheus as Prometheus would.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.prometheus.metrics.export.enabled=true",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
// and one reads the spans it exported (to memory)
@AutoConfigureTracing
@Import(InMemorySpans.class)
@RealInfrastructure
// Closed after the class, while Kafka still runs: a context left to the JVM's shutdown hooks outlives the brokers.
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationServiceIT {

	static final String LISTENER_ID = "ticket-order-to-redis";

	static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static KafkaTestCluster kafka;

	static String topic;

	static String deadLetterTopic;

	static RedisTestKeyspace redis;

	static TcpProxy redisProxy;

	static Map<String, Object> serviceProperties;

	/** What the service's Redis user may do, as ./demo and compose set it. */
	static final Path REDIS_RULES = Path.of("..", "setup", "redis", "notification-service.acl");

	static RedisTestKeyspace.RedisUser redisUser;

	@LocalServerPort
	int port;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	InMemorySpanExporter spans;

	Orders orders;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		kafka = TestInfrastructure.kafka();
		topic = kafka.createTopic("ticket-order");
		deadLetterTopic = kafka.createTopic("ticket-order.DLT");
		redis = TestInfrastructure.redis().createKeyspace();
		redisProxy = new TcpProxy(TestInfrastructure.redis().host(), TestInfrastructure.redis().port());
		serviceProperties = new LinkedHashMap<>();
		serviceProperties.putAll(kafka.springProperties());
		serviceProperties.put("spring.kafka.consumer.group-id", "notification-service-" + UUID.randomUUID());
		serviceProperties.put("notification.consumer.topic", topic);
		serviceProperties.put("notification.consumer.dead-letter-topic", deadLetterTopic);
		serviceProperties.put("notification.consumer.retry-max-interval", "1s");
		serviceProperties.put("spring.kafka.listener.idle-event-interval", "1s");
		serviceProperties.put("notification.redis.key-prefix", redis.prefix());
		// as a Redis user limited to its key space, as deployed
		redisUser = redis.createUser(REDIS_RULES);
		serviceProperties.put("spring.data.redis.username", redisUser.name());
		serviceProperties.put("spring.data.redis.password", redisUser.password());
		serviceProperties.put("notification.streaming.url-template", "https://stream.test/contents/{contentId}");
		// Bearer tokens signed by the tests' own key (TestTokens)
		serviceProperties.put(TestTokens.PUBLIC_KEY_LOCATION_PROPERTY, TestTokens.publicKeyLocation());
		serviceProperties.forEach((name, value) -> registry.add(name, () -> value));
		// This instance reaches Redis through the proxy only.
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redisProxy.port());
	}

	@AfterAll
	static void release() {
		redisProxy.close();
		redis.close();
	}

	@BeforeEach
	void producer() {
		orders = new Orders(kafka, topic);
		await("listener assigned").atMost(PATIENCE).until(() -> !container().getAssignedPartitions().isEmpty());
	}

	@AfterEach
	void closeProducer() {
		orders.close();
	}

	@Test
	void shouldUseARedisUserThatReachesNothingButItsOwnKeys() {
		RedisURI uri = RedisURI.builder(redis.uri()).withAuthentication(redisUser.name(), redisUser.password()).build();
		RedisClient client = RedisClient.create(uri);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> asService = connection.sync();
			assertThat(asService.hgetall(redis.prefix() + "user:nobody:last-purchase")).isEmpty();
			assertThatThrownBy(() -> asService.get("someone-else:key")).hasMessageContaining("NOPERM");
			assertThatThrownBy(() -> asService.keys("*")).hasMessageContaining("NOPERM");
			assertThatThrownBy(asService::flushall).hasMessageContaining("NOPERM");
			assertThatThrownBy(() -> asService.configGet("*")).hasMessageContaining("NOPERM");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	@Order(1)
	void shouldServeTheLatestPurchaseWithItsStreamingLink() throws Exception {
		// Given two orders of one user, and the headers order-service writes
		String user = user();
		Instant first = placedMinutesAgo(10);
		orders.send(Orders.order(user + "-o1", user, "11", first));
		orders.send(Orders.order(user + "-o2", user, "12", first.plusSeconds(60)));

		// When the service has consumed them
		// Then the API returns the second, with the link to its streaming page
		await().atMost(PATIENCE).untilAsserted(() -> {
			HttpResponse<String> response = get("/users/" + user + "/last-purchase");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.get("userId").asString()).isEqualTo(user);
			assertThat(body.get("orderId").asString()).isEqualTo(user + "-o2");
			assertThat(body.get("contentId").asString()).isEqualTo("12");
			assertThat(body.get("title").asString()).isEqualTo("Title 12");
			assertThat(body.get("category").asString()).isEqualTo("live");
			assertThat(body.get("purchasedAt").asString()).isEqualTo(first.plusSeconds(60).toString());
			assertThat(body.get("streamingUrl").asString()).isEqualTo("https://stream.test/contents/12");
		});
		// and Redis holds one hash for the user, as the README documents
		Map<String, String> hash = redis.commands().hgetall(redis.prefix() + "user:" + user + ":last-purchase");
		assertThat(hash).containsEntry("order_id", user + "-o2")
			.containsEntry("content_id", "12")
			.containsEntry("purchased_at", first.plusSeconds(60).toString())
			.containsEntry("updates", "2")
			.containsKeys("partition", "offset", "event_time_ms", "event_id", "nickname");
	}

	@Test
	@Order(2)
	void shouldContinueTheOrdersTraceUntilRedisHasIt() {
		// Given an order published by the relay's span 00f067aa0ba902b7 of trace 4bf9...
		String user = user();
		Headers headers = EventHeaders.forTicketOrderPlaced(UUID.randomUUID().toString(),
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		RecordMetadata sent = orders.send(null, Orders.order(user + "-o1", user, "13", placedMinutesAgo(1)), headers);

		// When the service has applied it
		await().atMost(PATIENCE).until(() -> hash(user).containsKey("order_id"));

		// Then its span is the relay's child, in the same trace, and ended with what Redis made of it
		SpanData span = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems()
			.stream()
			.filter((candidate) -> candidate.getTraceId().equals("4bf92f3577b34da6a3ce929d0e0e4736")
					&& candidate.getParentSpanId().equals("00f067aa0ba902b7"))
			.findFirst()
			.orElse(null), (found) -> found != null);
		assertThat(span.getName()).isEqualTo(topic + " process");
		assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
			.isEqualTo("notification-service");
		assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"))).isEqualTo(sent.offset());
		assertThat(span.getAttributes().get(AttributeKey.stringKey("ticketing.notification.outcome")))
			.isEqualTo("APPLIED");
		assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
	}

	@Test
	@Order(2)
	void shouldAnswerProblemDetailsForUnknownAndMalformedUsers() throws Exception {
		HttpResponse<String> unknown = get("/users/" + user() + "/last-purchase");
		HttpResponse<String> malformed = get("/users/not%20an%20id/last-purchase");
		HttpResponse<String> tooLong = get("/users/" + "9".repeat(65) + "/last-purchase");

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(unknown.body()).get("detail").asString()).contains("has no purchase yet");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(tooLong.statusCode()).isEqualTo(400);
	}

	@Test
	@Order(2)
	void shouldAnswer404NotAnErrorForKeysEditedByHand() throws Exception {
		String user = user();
		String notAHash = user();
		redis.commands().hset(key(user), Map.of("order_id", "1", "content_id", "2", "purchased_at", "yesterday"));
		redis.commands().set(key(notAHash), "typed by hand");
		try {
			assertThat(get("/users/" + user + "/last-purchase").statusCode()).isEqualTo(404);
			assertThat(get("/users/" + notAHash + "/last-purchase").statusCode()).isEqualTo(404);
		}
		finally {
			// Not from the topic: the rebuild test below compares the key space with what the topic rebuilds.
			redis.commands().del(key(user), key(notAHash));
		}
	}

	@Test
	@Order(2)
	void shouldShowAPurchaseToItsBuyerAndToOperatorsOnly() throws Exception {
		// Given a purchase of a user as order-service names them, applied
		long buyer = tokenUser();
		String path = "/users/" + buyer + "/last-purchase";
		orders.send(Orders.order(buyer + "-o1", Long.toString(buyer), "14", placedMinutesAgo(1)));
		await().atMost(PATIENCE).until(() -> get(path).statusCode() == 200);

		// When the buyer asks with their own token, and an operator with theirs, then both read it
		HttpResponse<String> own = get(path, TestTokens.user(buyer));
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(JSON.readTree(own.body()).get("orderId").asString()).isEqualTo(buyer + "-o1");
		assertThat(JSON.readTree(get(path, TestTokens.operator()).body()).get("orderId").asString())
			.isEqualTo(buyer + "-o1");

		// When another user asks, then it is a 403 problem that shows nothing of the purchase
		HttpResponse<String> other = get(path, TestTokens.user(buyer + 1));
		assertProblem(other, 403, "not user " + buyer + "'s");
		assertThat(other.body()).doesNotContain(buyer + "-o1");
		// and the same for a user without a purchase: a 403, not a 404, so nobody learns who bought something
		long nobody = tokenUser();
		assertProblem(get("/users/" + nobody + "/last-purchase", TestTokens.user(buyer)), 403,
				"not user " + nobody + "'s");
		// and a user id that no token can name (a hand-typed event's) is for operators only
		assertProblem(get("/users/" + user() + "/last-purchase", TestTokens.user(buyer)), 403,
				"only an operator may read it");
		assertProblem(get("/users/0" + buyer + "/last-purchase", TestTokens.user(buyer)), 403,
				"only an operator may read it");
	}

	@Test
	@Order(2)
	void shouldRefuseRequestsWithoutAValidToken() throws Exception {
		String path = "/users/100/last-purchase";

		// When no token is sent: 401 with the Bearer challenge of RFC 6750, and a problem that says what to send
		HttpResponse<String> none = getWithoutToken(path);
		assertProblem(none, 401, "needs a bearer token");
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer"));

		// When the token is signed by another key, has expired, or is no JWT at all: 401, and the token is not echoed
		String stranger = TokenIssuer.generate().userToken(100, Duration.ofMinutes(5));
		String expired = TestTokens.issuer()
			.token("100", List.of(), Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1));
		HttpResponse<String> strangers = get(path, "Bearer " + stranger);
		assertProblem(strangers, 401, "The bearer token was refused");
		assertThat(strangers.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
		assertThat(strangers.body()).doesNotContain(stranger);
		assertProblem(get(path, "Bearer " + expired), 401, "expired");
		assertProblem(get(path, "Bearer not-a-jwt"), 401, "The bearer token was refused");
		// and an operator's token signed by another key is no operator's
		assertProblem(get("/actuator/metrics", "Bearer " + TokenIssuer.generate().operatorToken(Duration.ofMinutes(5))),
				401, "The bearer token was refused");
	}

	@Test
	@Order(2)
	void shouldShowHealthToAnyoneAndTheMetersToOperatorsOnly() throws Exception {
		// Health, for load balancers and docker compose, needs no token; its components (Redis, Kafka) are shown to
		// operators only
		assertThat(getWithoutToken("/actuator/health/liveness").statusCode()).isEqualTo(200);
		JsonNode anonymous = JSON.readTree(getWithoutToken("/actuator/health").body());
		assertThat(anonymous.at("/status").asString()).isEqualTo("UP");
		assertThat(anonymous.has("components")).isFalse();
		assertThat(JSON.readTree(get("/actuator/health", TestTokens.user(100)).body()).has("components")).isFalse();
		assertThat(JSON.readTree(get("/actuator/health", TestTokens.operator()).body()).at("/components/redis/status")
			.asString()).isEqualTo("UP");

		// The meters need an operator's token: none is 401, a user's is 403
		for (String meters : List.of("/actuator/metrics", "/actuator/prometheus")) {
			assertProblem(getWithoutToken(meters), 401, "needs a bearer token");
			assertProblem(get(meters, TestTokens.user(100)), 403, "operator role");
			HttpResponse<String> operator = get(meters, TestTokens.operator());
			assertThat(operator.statusCode()).as(meters).isEqualTo(200);
		}
	}

	@Test
	@Order(3)
	void shouldChangeNothingWhenARecordIsDeliveredAgain() {
		// Given a user's order, applied
		String user = user();
		TicketOrderPlaced order = Orders.order(user + "-o1", user, "21", placedMinutesAgo(10));
		Headers headers = Orders.headers();
		orders.send(0, order, headers);
		await().atMost(PATIENCE).until(() -> hash(user).containsKey("order_id"));
		Map<String, String> before = hash(user);

		// When the same event comes again, as a redelivered copy and as a publisher's retry without event id
		orders.send(0, order, headers);
		orders.send(0, order, Orders.noHeaders());
		String marker = sendMarker(0);

		// Then once the records after them are applied, the user's purchase is unchanged, applied once
		await().atMost(PATIENCE).until(() -> hash(marker).containsKey("order_id"));
		assertThat(hash(user)).isEqualTo(before).containsEntry("updates", "1");
	}

	@Test
	@Order(4)
	void shouldKeepTheNewestPurchaseWhenAnOlderOneArrivesLater() {
		// Given a user's newer order applied first
		String user = user();
		Instant newer = placedMinutesAgo(5);
		orders.send(1, Orders.order(user + "-new", user, "31", newer), Orders.headers());

		// When an older order of the same user arrives after it
		orders.send(1, Orders.order(user + "-old", user, "32", newer.minusSeconds(600)), Orders.headers());
		String marker = sendMarker(1);

		// Then the newer one stays
		await().atMost(PATIENCE).until(() -> hash(marker).containsKey("order_id"));
		assertThat(hash(user)).containsEntry("order_id", user + "-new")
			.containsEntry("content_id", "31")
			.containsEntry("updates", "1");
	}

	@Test
	@Order(5)
	void shouldNeverApplyAnOrderOfAnAbortedTransaction() throws Exception {
		// Given a transactional producer like order-service's relay
		String aborted = user();
		String committed = user();
		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-relay-" + UUID.randomUUID());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			producer.initTransactions();

			// When one transaction is aborted and the next one committed, on the same partition
			producer.beginTransaction();
			producer.send(record(2, Orders.order(aborted + "-o1", aborted, "41", RecordTimes.now())));
			producer.flush();
			producer.abortTransaction();
			producer.beginTransaction();
			producer.send(record(2, Orders.order(committed + "-o1", committed, "42", RecordTimes.now())));
			producer.commitTransaction();
		}

		// Then the committed order is applied, and the aborted one, before it, never
		await().atMost(PATIENCE).until(() -> hash(committed).containsKey("order_id"));
		assertThat(redis.commands().exists(key(aborted))).isZero();
		// and the group commits past the transaction's commit marker: caught up means a lag of 0, not 1
		TopicPartition partition = new TopicPartition(topic, 2);
		long end = logEndOffset(partition);
		await("committed offset reaches the log end " + end).atMost(PATIENCE)
			.until(() -> committedOffsets().getOrDefault(partition, -1L) == end);
	}

	@Test
	@Order(6)
	void shouldDeadLetterPoisonRecordsAndKeepConsuming() {
		// Given poison records, each with its key and a header of its own
		String id = UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> reasons = new LinkedHashMap<>();
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, Headers> headers = new LinkedHashMap<>();
		poison(values, headers, reasons, "notjson-" + id, "{\"order_id\": 7,", Orders.noHeaders(), "not JSON");
		poison(values, headers, reasons, "array-" + id, "[1,2,3]", Orders.noHeaders(), "not a JSON object");
		poison(values, headers, reasons, "nouser-" + id, "{\"order_id\":\"7\",\"content_id\":\"1\"}",
				Orders.noHeaders(), "'user_id' is missing");
		Headers v2 = Orders.headers();
		v2.remove(EventHeaders.SCHEMA_VERSION);
		v2.add(EventHeaders.SCHEMA_VERSION, "2".getBytes(StandardCharsets.UTF_8));
		poison(values, headers, reasons, "v2-" + id,
				TicketOrderJson.writeString(Orders.order("o-" + id, "u-" + id, "1", RecordTimes.now())), v2,
				"unsupported schema version '2'");

		// When they are written to partition 1 of the topic, followed by a valid order
		values.forEach((key, value) -> {
			headers.get(key).add("test-header", key.getBytes(StandardCharsets.UTF_8));
			orders.send(1, key, value, headers.get(key));
		});
		String after = sendMarker(1);

		// Then the valid order is applied
		await().atMost(PATIENCE).until(() -> hash(after).containsKey("order_id"));
		// and each poison record is in the dead-letter topic's partition 1 as it was, with the reason
		await().atMost(PATIENCE).untilAsserted(() -> {
			Map<String, ConsumerRecord<String, byte[]>> dead = new HashMap<>();
			readDeadLetters().stream().filter((r) -> values.containsKey(r.key())).forEach((r) -> dead.put(r.key(), r));
			assertThat(dead.keySet()).containsExactlyInAnyOrderElementsOf(values.keySet());
			dead.forEach((key, record) -> {
				assertThat(record.partition()).isEqualTo(1);
				assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(values.get(key));
				assertThat(EventHeaders.lastValue(record.headers(), "test-header")).contains(key);
				assertThat(EventHeaders.lastValue(record.headers(), DeadLetters.REASON_HEADER))
					.hasValueSatisfying((reason) -> assertThat(reason).contains(reasons.get(key)));
				assertThat(EventHeaders.lastValue(record.headers(), "kafka_dlt-original-topic")).contains(topic);
				assertThat(EventHeaders.lastValue(record.headers(), "kafka_dlt-exception-message")).isPresent();
			});
		});
	}

	@Test
	@Order(6)
	void shouldApplyTheOrdersAroundAPoisonRecordOfTheSamePollOnce() {
		// Given the consumer paused, so that what follows is read in one poll when it resumes
		container().pause();
		await().atMost(PATIENCE).until(() -> container().isContainerPaused());
		String buyer = user();
		String other = user();
		String poisonKey = "poison-" + buyer;
		Instant start = placedMinutesAgo(3);

		// When two orders, a record that is not JSON, and two more orders are written to partition 0
		orders.send(0, Orders.order(buyer + "-o1", buyer, "41", start), Orders.headers());
		orders.send(0, Orders.order(other + "-o1", other, "42", start), Orders.headers());
		orders.send(0, poisonKey, "{\"order_id\": 7,", Orders.noHeaders());
		orders.send(0, Orders.order(buyer + "-o2", buyer, "43", start.plusSeconds(1)), Orders.headers());
		orders.send(0, Orders.order(other + "-o2", other, "44", start.plusSeconds(1)), Orders.headers());
		container().resume();

		// Then the orders on both sides of it are applied, each once
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(hash(buyer)).containsEntry("order_id", buyer + "-o2").containsEntry("updates", "2");
			assertThat(hash(other)).containsEntry("order_id", other + "-o2").containsEntry("updates", "2");
		});
		// and the poison record is in the dead-letter topic once
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(readDeadLetters())
			.filteredOn((record) -> poisonKey.equals(record.key()))
			.singleElement()
			.satisfies((record) -> assertThat(record.partition()).isZero()));
		awaitEveryPartitionApplied();
	}

	@Test
	@Order(6)
	void shouldDeadLetterARecordWithoutAValueAndKeepConsuming() {
		// Given a record with a null value (a tombstone, as `kcat -P -Z` writes an empty value) on partition 2
		String key = "tombstone-" + UUID.randomUUID().toString().substring(0, 8);
		orders.send(2, key, (byte[]) null, Orders.noHeaders());

		// When a valid order follows it on the same partition
		String after = sendMarker(2);

		// Then the order is applied: the partition did not stop at the tombstone
		await().atMost(PATIENCE).until(() -> hash(after).containsKey("order_id"));
		// and the tombstone is in the dead-letter topic's partition 2, with the reason
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(readDeadLetters())
			.filteredOn((record) -> key.equals(record.key()))
			.singleElement()
			.satisfies((record) -> {
				assertThat(record.partition()).isEqualTo(2);
				assertThat(record.value()).isNull();
				assertThat(EventHeaders.lastValue(record.headers(), DeadLetters.REASON_HEADER))
					.hasValueSatisfying((reason) -> assertThat(reason).contains("tombstone"));
			}));
	}

	@Test
	@Order(6)
	void shouldRepairAValueItCannotReadAndKeepConsuming() {
		// Given a user whose key holds a string typed by hand, and one whose hash has a position that is not a number
		String notAHash = user();
		String badHash = user();
		redis.commands().set(key(notAHash), "typed by hand");
		redis.commands().hset(key(badHash), Map.of("event_time_ms", "yesterday", "order_id", "1"));

		// When an order of each arrives, then another order on the same partition
		orders.send(1, Orders.order(notAHash + "-o1", notAHash, "31", placedMinutesAgo(2)), Orders.headers());
		orders.send(1, Orders.order(badHash + "-o1", badHash, "32", placedMinutesAgo(2)), Orders.headers());
		String after = sendMarker(1);

		// Then the events replaced what Redis held (the topic is the truth), and the partition went on
		await().atMost(PATIENCE).until(() -> hash(after).containsKey("order_id"));
		assertThat(hash(notAHash)).containsEntry("order_id", notAHash + "-o1").containsEntry("updates", "1");
		assertThat(hash(badHash)).containsEntry("order_id", badHash + "-o1").containsEntry("content_id", "32");
		// and none of them is a dead letter: the records were fine
		assertThat(readDeadLetters()).extracting(ConsumerRecord::key).doesNotContain(notAHash, badHash);
	}

	@Test
	@Order(6)
	void shouldLetPrometheusScrapeWhatItAppliedItsDeadLettersAndItsLag() throws Exception {
		// Given what Prometheus read so far
		String before = get("/actuator/prometheus").body();

		// When an order older than the user's latest, then the latest, then a poison record reach partition 0
		String user = user();
		orders.send(0, Orders.order(user + "-o2", user, "12", placedMinutesAgo(1)), Orders.headers());
		orders.send(0, Orders.order(user + "-o1", user, "11", placedMinutesAgo(2)), Orders.headers());
		orders.send(0, "poison-" + user, "{\"order_id\": 7,", Orders.noHeaders());
		String after = sendMarker(0);
		await().atMost(PATIENCE).until(() -> hash(after).containsKey("order_id"));

		// Then the next scrape counts them: two applied (o2 and the marker), one unchanged (o1, older), one dead letter
		// that could not be read, each order's time to Redis, and how far behind the topic's end each partition is
		await().atMost(PATIENCE).untilAsserted(() -> {
			String scrape = get("/actuator/prometheus").body();
			String applied = "ticketing_notification_purchases_total{outcome=\"applied\"}";
			String unchanged = "ticketing_notification_purchases_total{outcome=\"unchanged\"}";
			String deadLetters = "ticketing_dead_letters_total{failure=\"DeserializationException\",group=\""
					+ serviceProperties.get("spring.kafka.consumer.group-id") + "\",topic=\"" + topic + "\"}";
			assertThat(sample(scrape, applied) - sample(before, applied)).isGreaterThanOrEqualTo(2);
			assertThat(sample(scrape, unchanged) - sample(before, unchanged)).isGreaterThanOrEqualTo(1);
			assertThat(sample(scrape, deadLetters) - sample(before, deadLetters)).isEqualTo(1);
			assertThat(sample(scrape, "ticketing_notification_order_to_redis_seconds_count"))
				.isGreaterThan(sample(before, "ticketing_notification_order_to_redis_seconds_count"));
			assertThat(scrape).containsPattern("kafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"0\"");
			// and every meter the repository's Grafana dashboard shows of notification-service
			assertThat(GrafanaDashboard.notIn(scrape, GrafanaDashboard.load().metricsOf("notification-service")))
				.isEmpty();
		});
	}

	/** A series' value, 0 if the scrape does not have it (a counter not yet used). */
	private static double sample(String scrape, String series) {
		return PrometheusScrape.value(scrape, series).orElse(0.0);
	}

	@Test
	@Order(7)
	void shouldLoseNothingWhileRedisIsDown() throws Exception {
		// Given Redis unreachable
		redisProxy.cut();
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(health().at("/components/redis/status").asString())
			.isEqualTo("DOWN"));
		assertThat(get("/actuator/health/readiness").statusCode()).as("not ready without Redis").isEqualTo(503);
		assertThat(get("/actuator/health/liveness").statusCode()).as("but alive").isEqualTo(200);
		HttpResponse<String> unavailable = get("/users/" + user() + "/last-purchase");
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));

		// When orders of several users arrive meanwhile
		List<String> users = List.of(user(), user(), user(), user());
		Instant start = placedMinutesAgo(10);
		for (int i = 0; i < 20; i++) {
			String user = users.get(i % users.size());
			orders.send(Orders.order(user + "-o" + i, user, "5" + i, start.plusSeconds(i)));
		}
		assertThat(users).allSatisfy((user) -> assertThat(redis.commands().exists(key(user))).isZero());
		// and nothing is committed past them while they cannot be written: watched for longer than Kafka's default
		// auto-commit interval (5 s), so that a consumer committing on a timer instead of after the write is caught
		Map<TopicPartition, Long> committed = committedOffsets();
		await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15))
			.until(() -> committedOffsets().equals(committed));

		// and Redis comes back
		redisProxy.open();

		// Then the service recovers by itself and every user has their last order, each of the 5 applied once
		await().atMost(PATIENCE).untilAsserted(() -> {
			for (int u = 0; u < users.size(); u++) {
				assertThat(hash(users.get(u))).containsEntry("order_id", users.get(u) + "-o" + (16 + u))
					.containsEntry("updates", "5");
			}
		});
		await().atMost(PATIENCE).untilAsserted(() -> {
			JsonNode health = health();
			assertThat(health.at("/components/redis/status").asString()).isEqualTo("UP");
			assertThat(health.at("/components/kafka/status").asString()).isEqualTo("UP");
			assertThat(health.at("/components/kafka/details/brokers").asInt()).isEqualTo(3);
			assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		});
	}

	@Test
	@Order(8)
	void shouldRebuildByItselfTheSameStateAfterRedisLostItsData() {
		// Given users with several orders each (one arriving late, one delivered twice), all applied
		List<String> users = List.of(user(), user(), user());
		Instant start = placedMinutesAgo(10);
		for (int i = 0; i < 9; i++) {
			String user = users.get(i % users.size());
			orders.send(Orders.order(user + "-o" + i, user, "6" + i, start.plusSeconds(i)));
		}
		orders.send(Orders.order(users.get(0) + "-late", users.get(0), "69", start.minusSeconds(60)));
		orders.send(Orders.order(users.get(1) + "-o7", users.get(1), "67", start.plusSeconds(7)));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(users)
			.allSatisfy((user) -> assertThat(hash(user)).containsEntry("updates", "3")));
		// (with whatever earlier tests of the class left), every partition read to its end
		awaitEveryPartitionApplied();
		Map<String, Map<String, String>> before = snapshot();

		// When Redis loses everything while the service runs, and no record comes
		redis.commands().del(redis.keys().toArray(String[]::new));
		assertThat(snapshot()).isEmpty();

		// Then, by itself, every user's latest purchase is back exactly as before, counters included
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(snapshot()).isEqualTo(before));

		// And when Redis loses everything again, and this time an order arrives right after
		redis.commands().del(redis.keys().toArray(String[]::new));
		String marker = sendMarker(0);

		// Then the new order is applied, and everything before it is back too
		await().atMost(PATIENCE).until(() -> hash(marker).containsKey("order_id"));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(snapshot()).containsAllEntriesOf(
				before.entrySet()
					.stream()
					.filter((entry) -> !entry.getKey().endsWith("read-positions"))
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
	}

	@Test
	@Order(9)
	void shouldRebuildWhenAskedAfterRedisLostPartOfItsData() throws Exception {
		// Given every order applied, and this instance stopped
		awaitEveryPartitionApplied();
		Map<String, Map<String, String>> before = snapshot();
		container().stop();
		try {
			assertThat(health().at("/components/kafka/status").asString()).isEqualTo("DOWN");
			assertThat(health().at("/components/kafka/details/listeners/" + LISTENER_ID).asString())
				.isEqualTo("stopped");
			// When some users' keys are lost while the read positions stay (a snapshot restored, keys deleted by
			// hand), which the service cannot notice, and an instance starts with the rebuild flag
			List<String> lost = before.keySet()
				.stream()
				.filter((key) -> key.endsWith(":last-purchase"))
				.limit(3)
				.toList();
			redis.commands().del(lost.toArray(String[]::new));
			Map<String, Object> rebuildProperties = new LinkedHashMap<>(serviceProperties);
			rebuildProperties.put("server.port", "0");
			rebuildProperties.put("notification.consumer.rebuild", "true");
			rebuildProperties.put("spring.data.redis.host", TestInfrastructure.redis().host());
			rebuildProperties.put("spring.data.redis.port", TestInfrastructure.redis().port());
			try (ConfigurableApplicationContext rebuild = new SpringApplicationBuilder(
					NotificationServiceApplication.class)
				.run(arguments(rebuildProperties))) {

				// Then every user's latest purchase is back, exactly as before, counters included
				await().atMost(PATIENCE).untilAsserted(() -> assertThat(snapshot()).isEqualTo(before));
			}
		}
		finally {
			container().start();
		}
	}

	/** Waits until the group has committed every partition to its end: every record applied or dead-lettered. */
	private void awaitEveryPartitionApplied() {
		await().atMost(PATIENCE).untilAsserted(() -> {
			Map<TopicPartition, Long> committed = committedOffsets();
			for (int partition = 0; partition < 3; partition++) {
				TopicPartition topicPartition = new TopicPartition(topic, partition);
				assertThat(committed.get(topicPartition)).as("%s", topicPartition)
					.isEqualTo(logEndOffset(topicPartition));
			}
		});
	}

	/** Command-line arguments: they win over application.yml, as for a service started by hand. */
	static String[] arguments(Map<String, Object> properties) {
		return properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	private MessageListenerContainer container() {
		MessageListenerContainer container = listeners.getListenerContainer(LISTENER_ID);
		assertThat(container).isNotNull();
		return container;
	}

	/** Sends an order of a new user to the partition; once it is applied, all before it on the partition were. */
	private String sendMarker(int partition) {
		String user = user();
		orders.send(partition, Orders.order(user + "-marker", user, "1", RecordTimes.now()), Orders.headers());
		return user;
	}

	private void poison(Map<String, String> values, Map<String, Headers> headers, Map<String, String> reasons,
			String key, String value, Headers recordHeaders, String reason) {
		values.put(key, value);
		headers.put(key, recordHeaders);
		reasons.put(key, reason);
	}

	private ProducerRecord<String, String> record(int partition, TicketOrderPlaced order) {
		return new ProducerRecord<>(topic, partition, order.createdAt().toEpochMilli(), order.userId(),
				TicketOrderJson.writeString(order), Orders.headers());
	}

	private List<ConsumerRecord<String, byte[]>> readDeadLetters() {
		Properties props = kafka.consumerProperties("dlt-reader-" + UUID.randomUUID(), IsolationLevel.READ_COMMITTED);
		props.put("value.deserializer", ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
			return TopicReader.readToEnd(consumer, deadLetterTopic);
		}
	}

	private long logEndOffset(TopicPartition partition) throws Exception {
		try (Admin admin = kafka.admin()) {
			return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
		}
	}

	private Map<TopicPartition, Long> committedOffsets() throws Exception {
		String group = (String) serviceProperties.get("spring.kafka.consumer.group-id");
		try (Admin admin = kafka.admin()) {
			Map<TopicPartition, Long> offsets = new HashMap<>();
			admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get()
				.forEach((partition, offset) -> offsets.put(partition, offset.offset()));
			return offsets;
		}
	}

	private Map<String, Map<String, String>> snapshot() {
		Map<String, Map<String, String>> all = new TreeMap<>();
		redis.keys().forEach((key) -> all.put(key, new TreeMap<>(redis.commands().hgetall(key))));
		return all;
	}

	private Map<String, String> hash(String user) {
		return redis.commands().hgetall(key(user));
	}

	private static String key(String user) {
		return redis.prefix() + "user:" + user + ":last-purchase";
	}

	private static String user() {
		return "u" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A user as order-service names them: a number, the subject of their token. */
	private static long tokenUser() {
		return ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
	}

	@Test
	void shouldDescribeTheApiWithOpenApiToAnyone() throws Exception {
		// When the document is asked for without a token
		HttpResponse<String> response = getWithoutToken("/v3/api-docs");

		// Then it is there, and says that the API needs a bearer token, and what it answers without one
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode api = JSON.readTree(response.body());
		assertThat(api.at("/info/title").asString()).isEqualTo("notification-service");
		assertThat(api.at("/paths/~1users~1{userId}~1last-purchase/get/responses").propertyNames()).contains("200",
				"400", "401", "403", "404", "503");
		assertThat(api.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		// and so is Swagger UI
		assertThat(getWithoutToken("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAnswerEveryRequestOfTheCollectionAsItsTitleSays() throws Exception {
		// Given user 100 with a purchase, as in ./demo, and the service ready
		orders.send(Orders.order("collection-o1", "100", "1", placedMinutesAgo(1)));
		await().atMost(PATIENCE).until(() -> get("/users/100/last-purchase").statusCode() == 200
				&& get("/actuator/health/readiness").statusCode() == 200);
		RequestCollection collection = RequestCollection.read(Path.of("..", "http", "notification-service.http"));
		assertThat(collection.host()).isEqualTo("http://localhost:8081");

		// Then every request of the collection users run from their IDE, sent as written (with tokens of the tests'
		// key in place of the demo's), gets its title's status
		assertThat(collection.mismatches(HTTP, URI.create("http://localhost:" + port),
				TestTokens.requestCollectionTokens())).isEmpty();
		// and every operation of the API is in it
		assertThat(collection.uncovered(JSON.readTree(get("/v3/api-docs").body()))).isEmpty();
	}

	private JsonNode health() throws Exception {
		return JSON.readTree(get("/actuator/health").body());
	}

	@Test
	void shouldLetTheShopsPageAskForTheLatestPurchaseFromAnotherOriginAndNoOtherSite() throws Exception {
		// The page is order-service's (http://localhost:8080 by default): a browser asks first whether it may send
		// the token
		HttpResponse<String> allowed = preflight("http://localhost:8080");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
			.contains("authorization");
		// and any other site's page is refused, so its script never reads the answer
		HttpResponse<String> refused = preflight("https://elsewhere.example");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private HttpResponse<String> preflight(String origin) throws Exception {
		return HTTP.send(request("/users/100/last-purchase").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "authorization")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A GET as an operator, who may read any user's purchase and the meters. */
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
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(detail);
	}

	/** An order time some minutes before the test's record clock, in whole seconds (as the API prints them). */
	private static Instant placedMinutesAgo(int minutes) {
		return RecordTimes.ago(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS);
	}

}
