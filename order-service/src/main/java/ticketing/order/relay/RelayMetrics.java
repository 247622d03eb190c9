package ticketing.order.relay;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the relay reports at /actuator/metrics: whether this instance is the active relay, how many events it
 * published, how many rows it found already published in Kafka when it became active, and how many rounds failed.
 */
class RelayMetrics {

	private final MeterRegistry registry;

	private final Counter published;

	private final Counter recovered;

	private final Counter activations;

	private final Counter failures;

	RelayMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.published = Counter.builder("ticketing.relay.published")
			.description("Outbox events published in committed Kafka transactions")
			.register(registry);
		this.recovered = Counter.builder("ticketing.relay.recovered")
			.description("Rows found in the progress topic but not stamped in PostgreSQL, at activation")
			.register(registry);
		this.activations = Counter.builder("ticketing.relay.activations")
			.description("Times this instance became the active relay (initTransactions)")
			.register(registry);
		this.failures = Counter.builder("ticketing.relay.failures")
			.description("Relay rounds that failed and started over")
			.register(registry);
	}

	void activeWhile(BooleanSupplier active) {
		Gauge.builder("ticketing.relay.active", () -> active.getAsBoolean() ? 1 : 0)
			.description("1 while this instance is the active relay")
			.register(registry);
	}

	void activated(int recoveredRows) {
		activations.increment();
		recovered.increment(recoveredRows);
	}

	void published(int events) {
		published.increment(events);
	}

	void failed() {
		failures.increment();
	}

}
