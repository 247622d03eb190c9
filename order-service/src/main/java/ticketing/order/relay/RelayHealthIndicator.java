package ticketing.order.relay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The relay's part of {@code /actuator/health} ({@code relay}): down while this instance refuses to publish because its
 * database does not agree with the progress topic, since no order placed here then reaches Kafka until someone acts
 * (the reason is in the log and in the details, where they are shown).
 */
@Component("relay")
class RelayHealthIndicator implements HealthIndicator {

	private final ObjectProvider<OrderRelay> relay;

	RelayHealthIndicator(ObjectProvider<OrderRelay> relay) {
		this.relay = relay;
	}

	@Override
	public Health health() {
		OrderRelay current = relay.getIfAvailable();
		if (current == null) {
			return Health.up().withDetail("enabled", false).build();
		}
		return current.refusal()
			.map((reason) -> Health.down().withDetail("refusing", reason).build())
			.orElseGet(() -> Health.up().withDetail("active", current.isActive()).build());
	}

}
