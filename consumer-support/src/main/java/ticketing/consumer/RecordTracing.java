package ticketing.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

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

	private static final String TRACESTATE = "tracestate";

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

	/**
	 * The consumer group's spans, or none with {@code management.tracing.enabled=false} (Spring Boot's OpenTelemetry
	 * tracer and propagator exist even then).
	 */
	public static RecordTracing of(ObjectProvider<Propagator> propagator, Environment environment,
			String consumerGroup) {
		boolean enabled = environment.getProperty("management.tracing.enabled", Boolean.class, true);
		return enabled ? new RecordTracing(propagator.getIfAvailable(() -> Propagator.NOOP), consumerGroup) : none();
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
		return builder(this.propagator.extract(headers, RecordTracing::lastValue), topic, partition, offset).start();
	}

	/**
	 * What the record's span needs, kept until it is made by {@link #end(Deferred, String, String)}: for a consumer
	 * that holds many records before their effect is stored (the lake, until their object is in S3), far less memory
	 * than an open span for each (110 MB at the lake's peak in the benchmark).
	 */
	public Deferred defer(ConsumerRecord<?, ?> record) {
		if (this.propagator == Propagator.NOOP) {
			return Deferred.NONE;
		}
		return new Deferred(record.topic(), record.partition(), record.offset(),
				lastValue(record.headers(), EventHeaders.TRACEPARENT), lastValue(record.headers(), TRACESTATE),
				epochMicros());
	}

	/** Makes the deferred span, from when its record was read until now, with a tag, and ends it. */
	public void end(Deferred deferred, String tag, String value) {
		if (deferred == Deferred.NONE) {
			return;
		}
		builder(this.propagator.extract(deferred, Deferred::header), deferred.topic(), deferred.partition(),
				deferred.offset())
			.tag(tag, value)
			.startTimestamp(deferred.readAtMicros(), TimeUnit.MICROSECONDS)
			.start()
			.end();
	}

	private Span.Builder builder(Span.Builder extracted, String topic, int partition, long offset) {
		return extracted.name(topic + " " + PROCESS)
			.kind(Span.Kind.CONSUMER)
			.tag("messaging.system", "kafka")
			.tag("messaging.destination.name", topic)
			.tag("messaging.destination.partition.id", String.valueOf(partition))
			.tag("messaging.kafka.offset", offset)
			.tag("messaging.consumer.group.name", this.consumerGroup);
	}

	private static long epochMicros() {
		Instant now = Instant.now();
		return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
	}

	/** A record's span to be made later: the record's coordinates, its trace context, and when it was read. */
	public record Deferred(String topic, int partition, long offset, @Nullable String traceparent,
			@Nullable String tracestate, long readAtMicros) {

		static final Deferred NONE = new Deferred("", -1, -1, null, null, 0);

		private @Nullable String header(String name) {
			return switch (name) {
				case EventHeaders.TRACEPARENT -> this.traceparent;
				case TRACESTATE -> this.tracestate;
				default -> null;
			};
		}

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
		if (!EventHeaders.TRACEPARENT.equals(name) && !TRACESTATE.equals(name)) {
			return null;
		}
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
