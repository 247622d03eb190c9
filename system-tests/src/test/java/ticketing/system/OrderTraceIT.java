package ticketing.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ticketing.demo.ChildProcesses;
import ticketing.demo.Ports;
import ticketing.demo.ServiceProcesses;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.redis.RedisTestKeyspace;
import ticketing.testsupport.security.TestTokens;
import ticketing.testsupport.tracing.OtlpTraceReceiver;
import ticketing.testsupport.tracing.OtlpTraceReceiver.Kind;
import ticketing.testsupport.tracing.OtlpTraceReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ticketing.system.ServiceJars.FAST_START;
import static ticketing.system.ServiceJars.ROOT;
import static ticketing.system.ServiceJars.concat;

/**
 * One order followed by its trace id across processes, as a user follows it in Jaeger: order-service and
 * notification-service run from their jars (this module is the one that runs the built services) and export their
 * spans over OTLP/HTTP, as in compose, to a receiver in this test. One {@code POST /orders} with a user's token, then
 * the request's span, the relay's send and notification-service's processing are one trace, each the child of the one
 * before, in order (Spring Security adds no span between them); and the JSON log line written inside the request's
 * span names both ids.
 */
@RealInfrastructure
class OrderTraceIT {

	@Test
	void shouldFollowOneOrderFromItsRequestThroughTheRelayToRedisInOneTrace(KafkaTestCluster kafka,
			@TempDir Path logs) throws Exception {
		String topic = kafka.createTopic("ticket-order");
		String progressTopic = kafka.createTopic("order-relay-offsets", 1, Map.of());
		int orderPort = Ports.free();
		int notificationPort = Ports.free();
		try (PostgresTestDatabase database = TestInfrastructure.postgres().createDatabase();
				RedisTestKeyspace redis = TestInfrastructure.redis().createKeyspace();
				OtlpTraceReceiver receiver = OtlpTraceReceiver.start();
				ChildProcesses children = new ChildProcesses()) {
			// Given both services exporting their spans to the receiver and logging JSON lines, as compose sets them
			Map<String, String> environment = Map.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
					receiver.endpoint(), "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
			// and accepting the tests' bearer tokens
			List<String> common = new ArrayList<>(kafka.springArguments());
			common.addAll(List.of("--management.opentelemetry.tracing.export.schedule-delay=200ms",
					"--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation()));
			Process orders = ServiceProcesses.start(ROOT, children, "order-service", "order-service", orderPort, FAST_START,
					concat(common, "--spring.datasource.url=" + database.jdbcUrl(),
							"--spring.datasource.username=" + database.username(),
							"--spring.datasource.password=" + database.password(),
							"--ticketing.order.relay.topic=" + topic,
							"--ticketing.order.relay.progress-topic=" + progressTopic,
							"--ticketing.order.relay.transactional-id=order-trace-it-" + UUID.randomUUID(),
							// a line logged inside the request's span: the request itself
							"--logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG"),
					environment, logs.resolve("order-service.log"));
			Process notifications = ServiceProcesses.start(ROOT, children, "notification-service",
					"notification-service", notificationPort, FAST_START,
					concat(common, "--spring.data.redis.host=" + redis.uri().getHost(),
							"--spring.data.redis.port=" + redis.uri().getPort(),
							"--notification.redis.key-prefix=" + redis.prefix(),
							"--notification.consumer.topic=" + topic,
							"--notification.consumer.dead-letter-topic=" + kafka.createTopic("ticket-order.DLT"),
							"--spring.kafka.consumer.group-id=notification-trace-it-" + UUID.randomUUID()),
					environment, logs.resolve("notification-service.log"));
			ServiceProcesses.awaitHealthy("order-service", orderPort, orders, logs.resolve("order-service.log"));
			ServiceProcesses.awaitHealthy("notification-service", notificationPort, notifications,
					logs.resolve("notification-service.log"));

			// When a caller in trace 4bf9... places one order as user 101 (a sample user, with their token)
			String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
			String orderId = ServiceJars.placeOrder(orderPort, 101, "{\"userId\": 101, \"contentId\": 3}",
					"traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
			await("the order in Redis").atMost(Duration.ofSeconds(60))
				.until(() -> orderId.equals(redis.commands().hget(redis.prefix() + "user:101:last-purchase",
						"order_id")));

			// Then order-service's request, the relay's send and notification-service's processing are one trace,
			// each the child of the one before
			await("the order's spans").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<ReceivedSpan> trace = receiver.trace(traceId);
				ReceivedSpan request = only(trace, "order-service", Kind.SERVER, "00f067aa0ba902b7");
				assertThat(request.name()).isEqualTo("http post /orders");
				ReceivedSpan send = only(trace, "order-service", Kind.PRODUCER, request.spanId());
				assertThat(send.name()).isEqualTo("ticket-order send");
				assertThat(send.attributes()).containsEntry("messaging.destination.name", topic);
				ReceivedSpan process = only(trace, "notification-service", Kind.CONSUMER, send.spanId());
				assertThat(process.name()).isEqualTo(topic + " process");
				assertThat(process.attributes()).containsEntry("ticketing.notification.outcome", "APPLIED");
				// in order: the send begins after the request (which committed the order and its event), the
				// processing after the send began, and ends after the send ended (the commit made it readable)
				assertThat(send.startNanos()).isGreaterThan(request.startNanos());
				assertThat(process.startNanos()).isGreaterThan(send.startNanos());
				assertThat(process.endNanos()).isGreaterThanOrEqualTo(send.endNanos());
				assertThat(List.of(request, send, process)).noneMatch(ReceivedSpan::error);
				// and what order-service logged inside the request's span carries its trace and span ids
				assertThat(Files.readAllLines(logs.resolve("order-service.log")))
					.filteredOn((line) -> line.contains("POST \\\"/orders\\\""))
					.anySatisfy((line) -> assertThat(line).contains("\"traceId\":\"" + traceId + "\"")
						.contains("\"spanId\":\"" + request.spanId() + "\""));
			});
		}
	}

	private static ReceivedSpan only(List<ReceivedSpan> trace, String service, Kind kind, String parentSpanId) {
		List<ReceivedSpan> matching = trace.stream()
			.filter((span) -> span.service().equals(service) && span.kind() == kind
					&& span.parentSpanId().equals(parentSpanId))
			.toList();
		assertThat(matching).as("%s's %s span, child of %s, in %s", service, kind, parentSpanId, trace).hasSize(1);
		return matching.get(0);
	}

}
