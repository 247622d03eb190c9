package ticketing.notification.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import ticketing.notification.purchase.LastPurchaseStore.Outcome;
import ticketing.notification.purchase.LastPurchaseStore.Purchase;

/**
 * What the listener did with the orders it read: {@value #PURCHASES} by outcome (a user's latest purchase now, or
 * unchanged: a redelivery or an older order), and {@value #ORDER_TO_REDIS}, from each order's time to Redis holding
 * it: how far behind the orders the "continue watching" link is. With the consumer's own records-lag
 * ({@code kafka.consumer.fetch.manager.records.lag}), what an operator watches of this service.
 */
@Component
class PurchaseMetrics {

	static final String PURCHASES = "ticketing.notification.purchases";

	static final String ORDER_TO_REDIS = "ticketing.notification.order-to-redis";

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final Timer orderToRedis;

	PurchaseMetrics(MeterRegistry registry) {
		for (Outcome outcome : List.of(Outcome.APPLIED, Outcome.UNCHANGED, Outcome.REPLACED_UNREADABLE)) {
			this.outcomes.put(outcome, Counter.builder(PURCHASES)
				.description("Orders applied to Redis, by outcome: the user's latest purchase now (applied, "
						+ "replaced_unreadable), or kept as it was (unchanged: a redelivery or an older order)")
				.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
				.register(registry));
		}
		this.orderToRedis = Timer.builder(ORDER_TO_REDIS)
			.description("Time from an order (its event time) to Redis holding it")
			.register(registry);
	}

	/** A poll's purchases and their outcomes, in the same order, just written to Redis. */
	void applied(List<Purchase> purchases, List<Outcome> results) {
		Instant now = Instant.now();
		for (int i = 0; i < purchases.size(); i++) {
			Counter counter = this.outcomes.get(results.get(i));
			if (counter != null) {
				counter.increment();
			}
			Duration behind = Duration.between(purchases.get(i).origin().eventTime(), now);
			this.orderToRedis.record(behind.isNegative() ? Duration.ZERO : behind);
		}
	}

}
