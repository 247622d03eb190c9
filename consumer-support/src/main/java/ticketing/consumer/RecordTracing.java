package ticketing.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import ticketing.contract.EventHeaders;

/**
 * A span for each record a consumer handles, child of the span whose context the record carries in its
 * {@code traceparent} header (the relay's send), so that one order is one trace from its {@code POST} to every
 * store it reaches. spring-kafka observes record listeners only; these consumers take a poll at a time, so they start
 * a span per record here and end it when the record's effect is stored (Redis has it, S3 has its object).
 */
public final class RecordTracing {

	/** The name of every consumer's span: what it does to which topic, as OpenTelemetry's messaging spans say it. */
	public static final String PROCESS = "process";

	private final Propagator propagator;

	private final String consumerGroup;

	public RecordTracing(Propagator propagator, String consumerGroup) {
		this.propagator = propagator;
		this.consumerGroup = consumerGroup;
	}

	/** Spans for nothing: where no tracer runs. */
	public static RecordTracing none() {
		return new RecordTracing(Propagator.NOOP, "");
	}

	/** The record's span, started now. */
	public Span start(ConsumerRecord<?, ?> record) {
		return start(record.topic(), record.partition(), record.offset(), record.headers());
	}

	/** A span for each record, started now, in the records' order. */
	public List<Span> start(List<? extends ConsumerRecord<?, ?>> records) {
		List<Span> spans = new ArrayList<>(records.size());
		for (ConsumerRecord<?, ?> record : records) {
			spans.add(start(record));
		}
		return spans;
	}

	/** The span of a record known by its coordinates (Kafka Streams' processors see headers, not the record). */
	public Span start(String topic, int partition, long offset, Headers headers) {
		return this.propagator.extract(headers, RecordTracing::lastValue)
			.name(topic + " " + PROCESS)
			.kind(Span.Kind.CONSUMER)
			.remoteServiceName("kafka")
			.tag("messaging.system", "kafka")
			.tag("messaging.operation", PROCESS)
			.tag("messaging.destination.name", topic)
			.tag("messaging.destination.partition.id", String.valueOf(partition))
			.tag("messaging.kafka.offset", offset)
			.tag("messaging.consumer.group.name", this.consumerGroup)
			.start();
	}

	/** Ends the spans: their records' effects are stored. */
	public static void succeeded(List<Span> spans) {
		spans.forEach(Span::end);
	}

	/** Ends the spans as failed: their records will be delivered again (or went to the dead-letter topic). */
	public static void failed(List<Span> spans, Throwable failure) {
		for (Span span : spans) {
			span.error(failure);
			span.end();
		}
	}

	private static @Nullable String lastValue(Headers headers, String name) {
		if (!EventHeaders.TRACEPARENT.equals(name) && !"tracestate".equals(name)) {
			return null;
		}
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
