package ticketing.analytics.streams;

import io.micrometer.tracing.Span;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import ticketing.consumer.RecordTracing;

/**
 * The first step of the topology: each order is processed in a span of its own, child of the relay's send (the
 * record's {@code traceparent}), from the moment Streams hands it over until both processors after it are done with
 * it. The record goes on unchanged, headers included: the live orders' topic keeps the order's own trace context.
 */
final class TracedOrders implements FixedKeyProcessor<String, RawOrder, RawOrder> {

	private final RecordTracing tracing;

	private FixedKeyProcessorContext<String, RawOrder> context;

	TracedOrders(RecordTracing tracing) {
		this.tracing = tracing;
	}

	@Override
	public void init(FixedKeyProcessorContext<String, RawOrder> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<String, RawOrder> record) {
		RecordMetadata metadata = this.context.recordMetadata().orElse(null);
		Span span = (metadata != null)
				? this.tracing.start(metadata.topic(), metadata.partition(), metadata.offset(), record.headers())
				: Span.NOOP;
		try {
			this.context.forward(record);
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
