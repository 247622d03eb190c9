package ticketing.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import ticketing.contract.EventHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RecordTracingTests {

	private static final String RELAY_SPAN = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final InMemorySpanExporter exported = InMemorySpanExporter.create();

	private final Propagator propagator = propagator();

	private final RecordTracing tracing = new RecordTracing(propagator, "notification-service");

	@Test
	void shouldProcessARecordInAChildOfTheSpanItsTraceparentNames() {
		Span span = tracing.start(record(7));
		span.end();

		SpanData processed = only(exported.getFinishedSpanItems());
		assertThat(processed.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(processed.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(processed.getName()).isEqualTo("ticket-order process");
		assertThat(processed.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(processed.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")))
			.isEqualTo("notification-service");
		assertThat(processed.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id")))
			.isEqualTo("2");
		assertThat(processed.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"))).isEqualTo(7);
	}

	@Test
	void shouldMakeADeferredSpanFromTheRecordsReadUntilItsEnd() throws Exception {
		// Given a record read, its span deferred
		long readAfter = epochNanos();
		RecordTracing.Deferred deferred = tracing.defer(record(8));
		assertThat(exported.getFinishedSpanItems()).isEmpty();

		// When its effect is stored a moment later
		Thread.sleep(5);
		tracing.end(deferred, "ticketing.lake.object", "ticket-order/2026-12-07/p2-8.jsonl");

		// Then its span, the relay's child, lasts from the read to now, tagged
		SpanData processed = only(exported.getFinishedSpanItems());
		assertThat(processed.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(processed.getStartEpochNanos()).isBetween(readAfter - 1_000,
				processed.getEndEpochNanos() - 4_000_000);
		assertThat(processed.getAttributes().get(AttributeKey.stringKey("ticketing.lake.object")))
			.isEqualTo("ticket-order/2026-12-07/p2-8.jsonl");
		assertThat(processed.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"))).isEqualTo(8);
	}

	@Test
	void shouldMakeNoSpansWithTracingTurnedOff() {
		// Given management.tracing.enabled=false, with Spring Boot's OpenTelemetry propagator still there
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("propagator", propagator);
		RecordTracing off = RecordTracing.of(beans.getBeanProvider(Propagator.class),
				environment(Map.of("management.tracing.enabled", "false")), "notification-service");

		// When records are processed, then no span is made
		assertThat(off.start(record(9)).isNoop()).isTrue();
		off.end(off.defer(record(10)), "ticketing.lake.object", "key");
		assertThat(exported.getFinishedSpanItems()).isEmpty();
		// while by default they are
		RecordTracing on = RecordTracing.of(beans.getBeanProvider(Propagator.class), environment(Map.of()),
				"notification-service");
		on.start(record(11)).end();
		assertThat(exported.getFinishedSpanItems()).hasSize(1);
	}

	private Propagator propagator() {
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		return new OtelPropagator(sdk.getPropagators(), sdk.getTracer("test"));
	}

	private static ConsumerRecord<String, String> record(long offset) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(EventHeaders.TRACEPARENT, RELAY_SPAN.getBytes(StandardCharsets.UTF_8));
		return new ConsumerRecord<>("ticket-order", 2, offset, 0L, TimestampType.CREATE_TIME, 0, 0, "101", "{}",
				headers, Optional.empty());
	}

	private static SpanData only(List<SpanData> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

	private static long epochNanos() {
		Instant now = Instant.now();
		return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
	}

}
