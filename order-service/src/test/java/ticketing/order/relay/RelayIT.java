package ticketing.order.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.order.Http;
import ticketing.order.TestProperties;
import ticketing.order.domain.OrderService;
import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.metrics.GrafanaDashboard;
import ticketing.testsupport.metrics.PrometheusScrape;
import ticketing.testsupport.tracing.InMemorySpans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's happy path and its ordering guarantees against the real 3-broker cluster, counted by a read_committed
 * consumer. The safety-net poll is a minute here: anything published sooner was woken by NOTIFY.
 */
@RealInfrastructure
// Closed after the class: a cached context would keep its relay polling the shared cluster for the rest of the run.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ticketing.order.relay.poll-interval=1m", "ticketing.order.relay.lease-duration=5m",
				"ticketing.order.relay.published-retention=0s", "ticketing.order.relay.cleanup-interval=0s",
				// Tests leave metrics export off unless asked: this one scrapes /actuator/prometheus as Prometheus would
				"management.prometheus.metrics.export.enabled=true",
				"ticketing.order.transaction-health.check-interval=1s",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
// Spans are exported (to memory): tests leave it off unless asked
@AutoConfigureTracing
@Import(InMemorySpans.class)
class RelayIT {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private static String topic = "";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
		topic = RelayTestProperties.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OrderService orderService;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Outbox outbox;

	@Autowired
	InMemorySpanExporter spans;

	final KafkaTestCluster kafka = TestInfrastructure.kafka();

	Http http;

	@BeforeEach
	void client() {
		http = new Http(port);
	}

	@Test
	void shouldPublishEachOrderWithKeyHeadersTimestampAndTheFullEvent() {
		// When
		JsonNode order = Http.json(http.postJson("/orders", "{\"userId\": 103, \"contentId\": 4}", "traceparent",
				TRACEPARENT));
		String orderId = order.get("id").asString();

		// Then
		ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30))
			.until(() -> find(orderId), (found) -> found != null);
		assertThat(record.key()).isEqualTo("103");
		assertThat(record.timestamp()).isEqualTo(Instant.parse(order.get("createdAt").asString()).toEpochMilli());
		assertThat(header(record, EventHeaders.EVENT_ID)).satisfies((id) -> UUID.fromString(id));
		assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo(TicketOrderPlaced.EVENT_TYPE);
		assertThat(header(record, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
		assertThat(header(record, EventHeaders.TRACEPARENT))
			.matches("00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01");
		TicketOrderPlaced event = TicketOrderJson.read(record.value());
		assertThat(event).isEqualTo(new TicketOrderPlaced(orderId, "103", "leo", "4", "Hamlet", "stage",
				Instant.parse(order.get("createdAt").asString())));
		List<ConsumerRecord<String, String>> all = PublishedEvents.readCommitted(kafka, topic);
		assertThat(all.stream().map((r) -> header(r, EventHeaders.EVENT_ID)).distinct()).hasSize(all.size());
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);
	}

	@Test
	void shouldFollowAnOrderFromTheCallerThroughTheRequestAndTheRelayToItsRecordInOneTrace() {
		// When a caller in trace 4bf9... places an order
		String callersTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		JsonNode order = Http.json(http.postJson("/orders", "{\"userId\": 104, \"contentId\": 2}", "traceparent",
				callersTrace));
		String orderId = order.get("id").asString();
		ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30))
			.until(() -> find(orderId), (found) -> found != null);

		// Then the request's span is the caller's child, the relay's send is the request's, in the same trace
		SpanData request = await().atMost(Duration.ofSeconds(10))
			.until(() -> span(SpanKind.SERVER, "http post /orders", "4bf92f3577b34da6a3ce929d0e0e4736",
					"00f067aa0ba902b7"), (found) -> found != null);
		assertThat(request.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("order-service");
		SpanData send = await().atMost(Duration.ofSeconds(10))
			.until(() -> span(SpanKind.PRODUCER, RelayTracing.SPAN_NAME, request.getTraceId(), request.getSpanId()),
					(found) -> found != null);
		assertThat(send.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(topic);
		assertThat(send.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
			.isEqualTo(header(record, EventHeaders.EVENT_ID));
		assertThat(send.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		// in order: the send starts once the request has committed the order, and ends when Kafka committed it
		assertThat(send.getStartEpochNanos()).isGreaterThan(request.getStartEpochNanos());
		// and the record carries the send's context, so that the consumers' spans follow it
		assertThat(header(record, EventHeaders.TRACEPARENT))
			.isEqualTo("00-" + send.getTraceId() + "-" + send.getSpanId() + "-01");
	}

	private SpanData span(SpanKind kind, String name, String traceId, String parentSpanId) {
		return spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == kind && span.getName().equals(name)
					&& span.getTraceId().equals(traceId) && span.getParentSpanId().equals(parentSpanId))
			.findFirst()
			.orElse(null);
	}

	@Test
	void shouldPublishTheSampleOrders() {
		// The 9 sample orders were placed at startup through the outbox: a fresh demo has events in the topic
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(PublishedEvents.readCommitted(kafka, topic)).hasSizeGreaterThanOrEqualTo(9));
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);

		// And the relay reports itself active, with what it published, at /actuator/metrics
		JsonNode active = Http.json(http.get("/actuator/metrics/ticketing.relay.active"));
		assertThat(active.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
		JsonNode published = Http.json(http.get("/actuator/metrics/ticketing.relay.published"));
		assertThat(published.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(9.0);
		// and how long its work took: each order's wait for its Kafka commit, the reads and stamps in PostgreSQL
		for (String timer : List.of("ticketing.relay.delay", "ticketing.relay.read", "ticketing.relay.stamp")) {
			JsonNode measurements = Http.json(http.get("/actuator/metrics/" + timer)).get("measurements");
			assertThat(measurements.get(0).get("statistic").asString()).isEqualTo("COUNT");
			assertThat(measurements.get(0).get("value").asDouble()).as(timer).isPositive();
		}
		JsonNode delays = Http.json(http.get("/actuator/metrics/ticketing.relay.delay")).get("measurements");
		assertThat(delays.get(0).get("value").asDouble()).isGreaterThanOrEqualTo(9.0);
	}

	@Test
	void shouldLetPrometheusScrapeTheRelayAndTheOutboxBacklog() {
		// Given the sample orders published, and one placed through the API
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(PublishedEvents.readCommitted(kafka, topic)).hasSizeGreaterThanOrEqualTo(9));
		assertThat(http.postJson("/orders", "{\"userId\": 101, \"contentId\": 2}").statusCode()).isEqualTo(201);

		// When Prometheus scrapes order-service, then it reads what was published and that nothing waits any more
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = http.get("/actuator/prometheus").body();
			assertThat(sample(scrape, "ticketing_relay_published_total")).isGreaterThanOrEqualTo(9.0);
			assertThat(sample(scrape, "ticketing_relay_active")).isEqualTo(1.0);
			assertThat(sample(scrape, "ticketing_outbox_waiting")).isZero();
			assertThat(sample(scrape, "ticketing_outbox_oldest_age_seconds")).isZero();
			assertThat(scrape).contains("# HELP ticketing_outbox_waiting Outbox events not yet published to Kafka");
			// and every meter the repository's Grafana dashboard shows of order-service
			assertThat(GrafanaDashboard.notIn(scrape, GrafanaDashboard.load().metricsOf("order-service"))).isEmpty();
		});
	}

	private static double sample(String scrape, String name) {
		return PrometheusScrape.value(scrape, name)
			.orElseThrow(() -> new AssertionError(name + " is not in the scrape"));
	}

	@Test
	void shouldPublishWithoutWaitingForThePollInterval() {
		// Given the relay idle, polling only once a minute
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox.countUnpublished() == 0);

		// When
		String orderId = Http.json(http.postJson("/orders", "{\"userId\": 104, \"contentId\": 2}")).get("id").asString();

		// Then: NOTIFY woke it
		await().atMost(Duration.ofSeconds(10)).until(() -> find(orderId) != null);
	}

	@Test
	void shouldDeletePublishedOutboxRows() {
		// Given
		for (int i = 0; i < 5; i++) {
			http.postJson("/orders", "{\"userId\": 101, \"contentId\": 3}");
		}

		// Then: published rows older than the retention (0 s here) are gone, the table does not grow
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox.count() == 0);
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);
	}

	@Test
	void shouldPublishARowThatCommitsAfterRowsWithLargerIds() throws Exception {
		// Given a transaction that drew its order id and stays open
		CountDownLatch inserted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicLong lateId = new AtomicLong();
		CompletableFuture<Void> late = CompletableFuture.runAsync(() -> transactions.executeWithoutResult((tx) -> {
			lateId.set(orderService.place(100, 1, null, TRACEPARENT).order().getId());
			inserted.countDown();
			awaitLatch(release);
		}));
		assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();

		// When a later order, with a larger id, commits first and is published
		String earlyId = Http.json(http.postJson("/orders", "{\"userId\": 101, \"contentId\": 2}")).get("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> find(earlyId) != null);
		assertThat(Long.parseLong(earlyId)).isGreaterThan(lateId.get());
		release.countDown();
		late.get(30, TimeUnit.SECONDS);

		// Then the late row is published too ("id > last published" would have skipped it)
		await().atMost(Duration.ofSeconds(30)).until(() -> find(Long.toString(lateId.get())) != null);
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);
	}

	@Test
	void shouldNeverPublishARolledBackOrder() {
		// Given an order whose transaction rolls back
		AtomicLong rolledBack = new AtomicLong();
		transactions.executeWithoutResult((tx) -> {
			rolledBack.set(orderService.place(102, 5, null, TRACEPARENT).order().getId());
			tx.setRollbackOnly();
		});

		// When the same user orders again, and that order is published
		String next = Http.json(http.postJson("/orders", "{\"userId\": 102, \"contentId\": 5}")).get("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> find(next) != null);

		// Then the rolled-back order is nowhere
		assertThat(find(Long.toString(rolledBack.get()))).isNull();
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);
	}

	@Test
	void shouldKeepOneUsersOrdersInOrderWhenTheyArePlacedConcurrently() throws Exception {
		// Given one user placing orders from several clients at once (each its own thread: on 2 cores the common
		// pool would run them one after another)
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> statuses = new java.util.ArrayList<>();
			for (int i = 0; i < 24; i++) {
				int content = 1 + i % 6;
				statuses.add(clients.submit(() -> http
					.postJson("/orders", "{\"userId\": 104, \"contentId\": " + content + "}")
					.statusCode()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(201);
			}
		}
		finally {
			clients.shutdownNow();
		}

		// Then the user's events are in the topic once each, in the order their orders were placed
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc);
	}

	private ConsumerRecord<String, String> find(String orderId) {
		return PublishedEvents.readCommitted(kafka, topic)
			.stream()
			.filter((record) -> TicketOrderJson.read(record.value()).orderId().equals(orderId))
			.findFirst()
			.orElse(null);
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		return EventHeaders.lastValue(record.headers(), name).orElseThrow();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
