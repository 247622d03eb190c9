package ticketing.analytics.streams.query;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import ticketing.analytics.AnalyticsServiceApplication;
import ticketing.analytics.streams.query.UserOrderCounts.WindowCount;
import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.TicketOrderSerde;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.s3.S3TestBucket;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service with the same application id share the partitions; a query on either answers for any
 * user, from the state store of the instance owning the user's partition, asked with the caller's token. Requests are
 * an operator's unless a test says otherwise.
 */
@RealInfrastructure
class InteractiveQueriesIT {

	/** A 5-minute window a few hours back: the orders of the test fall in it. */
	private static final Instant WINDOW_START = RecordTimes.windowStartAgo(Duration.ofMinutes(5), Duration.ofHours(3));

	private static final int USERS = 12;

	/** The S3 the instances are healthy with; their lake writers stay off, this test is about Kafka Streams. */
	private static final S3TestBucket BUCKET = TestInfrastructure.s3().createBucket();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void shouldAnswerForAnyUserOnEitherInstance(KafkaTestCluster kafka, @TempDir Path stateDirs) throws IOException {
		// Given two instances of the service
		String orders = kafka.createTopic("ticket-order");
		String[] topics = { "--ticketing.streams.topics.orders=" + orders,
				"--ticketing.streams.topics.live-orders=" + kafka.createTopic("category-filtered-ticket-order"),
				"--ticketing.streams.topics.suspicious-users=" + kafka.createTopic("suspicious-user"),
				"--ticketing.streams.topics.dead-letter=" + kafka.createTopic("ticket-order.DLT") };
		String applicationId = "analytics-iq-" + UUID.randomUUID().toString().substring(0, 8);
		String first = start(kafka, applicationId, stateDirs.resolve("first"), topics);
		String second = start(kafka, applicationId, stateDirs.resolve("second"), topics);

		// When user-i places (i % 4) + 1 orders in one window
		Map<String, Long> expected = new HashMap<>();
		try (KafkaProducer<String, TicketOrderPlaced> producer = new KafkaProducer<>(producerProperties(kafka))) {
			for (int user = 0; user < USERS; user++) {
				String userId = "user-" + user;
				int count = (user % 4) + 1;
				for (int i = 0; i < count; i++) {
					TicketOrderPlaced order = new TicketOrderPlaced(UUID.randomUUID().toString(), userId, null, "c-1",
							null, "live", null);
					producer.send(new ProducerRecord<>(orders, null, WINDOW_START.plusSeconds(i).toEpochMilli(), userId,
							order));
				}
				expected.put(userId, (long) count);
			}
		}

		// Then both instances answer an operator every user's count, from the instance owning the user: a query for a
		// user of the other instance is forwarded there with the operator's token, which it accepts
		// (A 503 while the instances rebalance is an answer to retry: an assertion error, so that await retries it.)
		RestClient client = http1Client().defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			throw new AssertionError(request.getURI() + ": HTTP " + response.getStatusCode() + " "
					+ new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
		}).build();
		await("both instances answer for every user").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			Set<String> owners = new HashSet<>();
			for (Map.Entry<String, Long> user : expected.entrySet()) {
				UserOrderCounts fromFirst = get(client, first, user.getKey());
				UserOrderCounts fromSecond = get(client, second, user.getKey());
				assertThat(fromFirst.windows()).containsExactly(new WindowCount(WINDOW_START,
						WINDOW_START.plus(Duration.ofMinutes(5)), user.getValue()));
				assertThat(fromSecond).isEqualTo(fromFirst);
				owners.add(fromFirst.servedBy());
			}
			// And the answers came from both instances' stores: the queries were routed
			assertThat(owners).containsExactlyInAnyOrder(first, second);
		});

		// And a user without orders has no windows, whichever instance is asked
		assertThat(get(client, first, "nobody").windows()).isEmpty();
		assertThat(get(client, second, "nobody").windows()).isEmpty();

		// And a shop user's token is refused by both, whether the counts are the instance's own or the other's
		RestClient asUser = http1Client(TestTokens.user(0)).build();
		for (String instance : List.of(first, second)) {
			for (String user : expected.keySet()) {
				int status = asUser.get()
					.uri("http://" + instance + "/order-counts/{userId}", user)
					.exchange((request, response) -> response.getStatusCode().value());
				assertThat(status).as("%s on %s", user, instance).isEqualTo(403);
			}
		}
	}

	@Test
	void shouldCountOrdersLaterThanTheGracePeriodInTheDroppedRecordsMetric(KafkaTestCluster kafka,
			@TempDir Path stateDir) throws IOException {
		// Given an instance of the service
		String orders = kafka.createTopic("ticket-order");
		String instance = start(kafka, "analytics-late-" + UUID.randomUUID().toString().substring(0, 8), stateDir,
				new String[] { "--ticketing.streams.topics.orders=" + orders });

		// When a user's order an hour later is followed by one in a window closed long ago
		try (KafkaProducer<String, TicketOrderPlaced> producer = new KafkaProducer<>(producerProperties(kafka))) {
			for (Instant placedAt : List.of(WINDOW_START.plus(Duration.ofHours(1)), WINDOW_START)) {
				TicketOrderPlaced order = new TicketOrderPlaced(UUID.randomUUID().toString(), "user-1", null, "c-1",
						null, "live", null);
				producer.send(new ProducerRecord<>(orders, null, placedAt.toEpochMilli(), "user-1", order));
			}
		}

		// Then the late order is dropped and counted in the metric, exposed by the actuator
		RestClient client = http1Client().baseUrl("http://" + instance).build();
		await("dropped record counted").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Map<?, ?> metric = client.get()
				.uri("/actuator/metrics/kafka.stream.task.dropped.records.total")
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
					throw new AssertionError("metric not there yet: HTTP " + response.getStatusCode());
				})
				.body(Map.class);
			assertThat(metric).isNotNull();
			assertThat(metric.get("measurements")).asString().contains("value=1.0");
		});
		// And the instance reports itself healthy and ready
		assertThat(client.get().uri("/actuator/health").retrieve().body(String.class)).contains("\"status\":\"UP\"");
		assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class))
			.contains("\"status\":\"UP\"");
		// And the late order is not in the user's counts
		assertThat(get(http1Client().build(), instance, "user-1").windows()).extracting(WindowCount::start)
			.containsExactly(WINDOW_START.plus(Duration.ofHours(1)));
	}

	/** Starts an instance on a free port and returns its {@code host:port}. */
	private String start(KafkaTestCluster kafka, String applicationId, Path stateDir, String[] topics)
			throws IOException {
		int port = freePort();
		String address = "localhost:" + port;
		List<String> args = new ArrayList<>(List.of(topics));
		args.addAll(kafka.springArguments());
		args.addAll(List.of("--server.port=" + port,
				"--spring.kafka.streams.application-id=" + applicationId,
				"--spring.kafka.streams.state-dir=" + stateDir,
				"--spring.kafka.streams.properties[application.server]=" + address,
				"--spring.kafka.streams.properties[session.timeout.ms]=6000", "--ticketing.lake.enabled=false",
				"--ticketing.lake.bucket=" + BUCKET.name(), "--ticketing.lake.s3.endpoint=" + BUCKET.endpoint(),
				"--ticketing.lake.s3.access-key=" + BUCKET.accessKey(),
				"--ticketing.lake.s3.secret-key=" + BUCKET.secretKey(),
				"--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation()));
		this.instances.add(new SpringApplicationBuilder(AnalyticsServiceApplication.class).run(args.toArray(String[]::new)));
		return address;
	}

	private static UserOrderCounts get(RestClient client, String instance, String userId) {
		UserOrderCounts counts = client.get()
			.uri("http://" + instance + "/order-counts/{userId}", userId)
			.retrieve()
			.body(UserOrderCounts.class);
		assertThat(counts).isNotNull();
		return counts;
	}

	/** The JDK client, speaking HTTP/1.1 like the service (no HTTP/2 upgrade attempt), as an operator. */
	private static RestClient.Builder http1Client() {
		return http1Client(TestTokens.operator());
	}

	/** The same, with this Authorization header. */
	private static RestClient.Builder http1Client(String authorization) {
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
			.defaultHeader(HttpHeaders.AUTHORIZATION, authorization);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Properties producerProperties(KafkaTestCluster kafka) {
		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TicketOrderSerde.TicketOrderSerializer.class);
		return props;
	}

}
