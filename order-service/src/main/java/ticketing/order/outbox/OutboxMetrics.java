package ticketing.order.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog as meters: {@value #WAITING} (events the relay has not published yet) and {@value #AGE} (how
 * long the next one has waited, in seconds). An operator's first question when orders do not reach Kafka: is the relay
 * behind, and by how much? Every order-service instance reports the same database, relay or not.
 * <p>
 * Both come from one statement, read at most once a second however often and by however many scrapers they are read.
 * While PostgreSQL cannot be reached they are NaN (no value), not the last value seen.
 */
@Component
class OutboxMetrics {

	static final String WAITING = "ticketing.outbox.waiting";

	static final String AGE = "ticketing.outbox.oldest-age";

	private static final Duration FRESH_FOR = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);

	private final Outbox outbox;

	private final Clock clock = Clock.systemUTC();

	private Outbox.@Nullable Backlog backlog;

	private Instant readAt = Instant.MIN;

	OutboxMetrics(Outbox outbox, MeterRegistry registry) {
		this.outbox = outbox;
		Gauge.builder(WAITING, this, (metrics) -> {
			Outbox.Backlog current = metrics.backlog();
			return (current != null) ? current.waiting() : Double.NaN;
		}).description("Outbox events not yet published to Kafka by the relay").register(registry);
		Gauge.builder(AGE, this, (metrics) -> {
			Outbox.Backlog current = metrics.backlog();
			return (current != null) ? current.age(clock.instant()).toMillis() / 1000.0 : Double.NaN;
		})
			.description("How long the next outbox event to publish has waited since its order was placed (0 when "
					+ "none waits)")
			.baseUnit("seconds")
			.register(registry);
	}

	private synchronized Outbox.@Nullable Backlog backlog() {
		Instant now = clock.instant();
		if (now.isBefore(readAt.plus(FRESH_FOR))) {
			return backlog;
		}
		readAt = now;
		try {
			backlog = outbox.backlog();
		}
		catch (DataAccessException ex) {
			log.debug("Cannot read the outbox's backlog for its meters: {}", ex.getMessage());
			backlog = null;
		}
		return backlog;
	}

}
