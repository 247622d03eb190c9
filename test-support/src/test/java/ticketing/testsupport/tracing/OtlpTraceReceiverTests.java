package ticketing.testsupport.tracing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.tracing.OtlpTraceReceiver.Kind;
import ticketing.testsupport.tracing.OtlpTraceReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OtlpTraceReceiverTests {

	@Test
	void shouldReceiveWhatOpenTelemetrysOwnExporterSends() {
		try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start()) {
			// Given a tracer that exports over OTLP/HTTP to the receiver, as a service with an endpoint set does
			OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build();
			SdkTracerProvider provider = SdkTracerProvider.builder()
				.setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "order-service")))
				.addSpanProcessor(SimpleSpanProcessor.create(exporter))
				.build();
			Tracer tracer = provider.get("test");

			// When a server span and a failed producer span, its child, end
			Span request = tracer.spanBuilder("http post /orders").setSpanKind(SpanKind.SERVER).startSpan();
			Span send = tracer.spanBuilder("ticket-order send")
				.setParent(Context.root().with(request))
				.setSpanKind(SpanKind.PRODUCER)
				.setAttribute("messaging.destination.name", "ticket-order")
				.setAttribute("messaging.kafka.offset", 42L)
				.startSpan();
			send.setStatus(StatusCode.ERROR);
			send.end();
			request.end();
			provider.forceFlush().join(10, TimeUnit.SECONDS);
			provider.close();

			// Then the receiver has both, with their ids, kinds, times, attributes and the service's name
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 2);
			String traceId = request.getSpanContext().getTraceId();
			assertThat(receiver.trace(traceId)).extracting(ReceivedSpan::name)
				.containsExactlyInAnyOrder("ticket-order send", "http post /orders");
			ReceivedSpan sent = named(receiver, "ticket-order send");
			assertThat(sent.service()).isEqualTo("order-service");
			assertThat(sent.spanId()).isEqualTo(send.getSpanContext().getSpanId());
			assertThat(sent.parentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
			assertThat(sent.kind()).isEqualTo(Kind.PRODUCER);
			assertThat(sent.attributes()).containsEntry("messaging.destination.name", "ticket-order")
				.containsEntry("messaging.kafka.offset", "42");
			assertThat(sent.error()).isTrue();
			assertThat(sent.endNanos()).isGreaterThanOrEqualTo(sent.startNanos()).isPositive();
			ReceivedSpan server = named(receiver, "http post /orders");
			assertThat(server.parentSpanId()).isEmpty();
			assertThat(server.kind()).isEqualTo(Kind.SERVER);
			assertThat(server.error()).isFalse();
		}
	}

	private static ReceivedSpan named(OtlpTraceReceiver receiver, String name) {
		return receiver.spans().stream().filter((span) -> span.name().equals(name)).findFirst().orElseThrow();
	}

}
