package ticketing.order.relay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;

import ticketing.contract.EventHeaders;
import ticketing.order.outbox.OutboxEvent;

/**
 * A span for each event the relay publishes, child of the span that wrote its outbox row (the {@code traceparent}
 * the row keeps): it starts when the event is sent and ends when its transaction commits, the moment the event
 * becomes visible to {@code read_committed} consumers. The record carries this span's context, so the consumers'
 * spans follow it in the same trace. Without tracing (a no-op tracer) the row's own traceparent goes on unchanged.
 */
class RelayTracing {

	static final String SPAN_NAME = "ticket-order send";

	private final Propagator propagator;

	private final String topic;

	RelayTracing(Propagator propagator, String topic) {
		this.propagator = propagator;
		this.topic = topic;
	}

	/** The batch's spans, started, in the batch's order. */
	List<Span> sending(List<OutboxEvent> batch) {
		List<Span> spans = new ArrayList<>(batch.size());
		for (OutboxEvent event : batch) {
			spans.add(this.propagator.extract(event, RelayTracing::header)
				.name(SPAN_NAME)
				.kind(Span.Kind.PRODUCER)
				.remoteServiceName("kafka")
				.tag("messaging.system", "kafka")
				.tag("messaging.operation", "send")
				.tag("messaging.destination.name", this.topic)
				.tag("messaging.kafka.message.key", event.key())
				.tag("messaging.message.id", event.eventId().toString())
				.tag("ticketing.outbox.id", event.id())
				.start());
		}
		return spans;
	}

	/** The traceparent the event's record carries: its span's, or the outbox row's without tracing. */
	String traceparent(OutboxEvent event, Span span) {
		if (span.isNoop()) {
			return event.traceparent();
		}
		Map<String, String> carrier = new HashMap<>(2);
		this.propagator.inject(span.context(), carrier, Map::put);
		return carrier.getOrDefault(EventHeaders.TRACEPARENT, event.traceparent());
	}

	/** The transaction committed: the events are visible now. */
	void committed(List<Span> spans) {
		spans.forEach(Span::end);
	}

	/** The transaction did not commit (it is aborted, or fenced): none of its events is visible. */
	void failed(List<Span> spans, Throwable failure) {
		for (Span span : spans) {
			span.error(failure);
			span.end();
		}
	}

	private static String header(OutboxEvent event, String name) {
		return EventHeaders.TRACEPARENT.equals(name) ? event.traceparent() : null;
	}

}
