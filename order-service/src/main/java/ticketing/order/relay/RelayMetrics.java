package ticketing.order.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

import ticketing.order.outbox.OutboxEvent;

/**
 * What the relay reports at /actuator/metrics: whether this instance is the active relay, how many events it
 * published, how many rows it found already published in Kafka when it became active, how long that recovery took and
 * how much of the progress topic it read, how many rounds failed, how often it lost the lease while active, and
 * whether it refuses to publish because its database does not agree with the topic.
 */
class RelayMetrics {

	private final MeterRegistry registry;

	private final Counter published;

	private final Counter recovered;

	private final Counter activations;

	private final Counter failures;

	private final Counter fenced;

	private final Counter leaseLost;

	private final Timer recovery;

	private final DistributionSummary recoveryOffsets;

	private final Timer transaction;

	private final Timer read;

	private final Timer stamp;

	private final Timer delay;

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
			.description("Relay rounds that failed and started over (fenced ones not counted: see fenced)")
			.register(registry);
		this.fenced = Counter.builder("ticketing.relay.fenced")
			.description("Relay rounds that ended because a newer relay's initTransactions fenced this producer")
			.register(registry);
		this.leaseLost = Counter.builder("ticketing.relay.lease-lost")
			.description("Times the active relay found its lease taken and stepped down, during a round or between")
			.register(registry);
		this.recovery = Timer.builder("ticketing.relay.recovery")
			.description("Time a new relay took to find its last progress record and stamp the rows it names")
			.register(registry);
		this.recoveryOffsets = DistributionSummary.builder("ticketing.relay.recovery.offsets-read")
			.description("Offsets of the progress topic a new relay read to find its last progress record")
			.register(registry);
		this.transaction = Timer.builder("ticketing.relay.transaction")
			.description("Time from beginTransaction to a committed Kafka transaction of a batch (sends, progress "
					+ "record, commit)")
			.register(registry);
		this.read = Timer.builder("ticketing.relay.read")
			.description("Time to read a batch of unpublished outbox rows from PostgreSQL")
			.register(registry);
		this.delay = Timer.builder("ticketing.relay.delay")
			.description("Time from an order (its event's timestamp) to its Kafka transaction committed: how far "
					+ "behind the orders the relay publishes")
			.register(registry);
		this.stamp = Timer.builder("ticketing.relay.stamp")
			.description("Time to stamp a committed batch's rows and number in PostgreSQL (one transaction)")
			.register(registry);
	}

	void activeWhile(BooleanSupplier active) {
		Gauge.builder("ticketing.relay.active", () -> active.getAsBoolean() ? 1 : 0)
			.description("1 while this instance is the active relay")
			.register(registry);
	}

	void refusingWhile(BooleanSupplier refusing) {
		Gauge.builder("ticketing.relay.refusing", () -> refusing.getAsBoolean() ? 1 : 0)
			.description("1 while this instance refuses to publish: its database does not agree with the progress "
					+ "topic (see the log, and order-service/README.md)")
			.register(registry);
	}

	void activated(int recoveredRows, long offsetsRead, Duration took) {
		activations.increment();
		recovered.increment(recoveredRows);
		recoveryOffsets.record(offsetsRead);
		recovery.record(took);
	}

	void published(List<OutboxEvent> events, long transactionNanos) {
		published.increment(events.size());
		transaction.record(Duration.ofNanos(transactionNanos));
		Instant committed = Instant.now();
		for (OutboxEvent event : events) {
			delay.record(Duration.between(event.occurredAt(), committed));
		}
	}

	void read(long nanos) {
		read.record(Duration.ofNanos(nanos));
	}

	void stamped(long nanos) {
		stamp.record(Duration.ofNanos(nanos));
	}

	/** A round failed: counted as fenced if a newer producer of the transactional.id fenced this one. */
	void failed(Throwable failure) {
		(fencedBy(failure) ? fenced : failures).increment();
	}

	/** Whether the failure is Kafka's refusal of a producer fenced by a newer one of its transactional.id. */
	static boolean fencedBy(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
				return true;
			}
		}
		return false;
	}

	void lostLease() {
		leaseLost.increment();
	}

}
