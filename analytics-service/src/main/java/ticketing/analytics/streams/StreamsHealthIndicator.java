package ticketing.analytics.streams;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The health of the Streams application, {@code streams} in {@code /actuator/health}: up while it runs or rebalances,
 * down once it has stopped for good (a failed thread shuts the instance down: restarting it is the cure).
 */
@Component("streams")
class StreamsHealthIndicator implements HealthIndicator {

	private final StreamsBuilderFactoryBean factoryBean;

	StreamsHealthIndicator(StreamsBuilderFactoryBean factoryBean) {
		this.factoryBean = factoryBean;
	}

	@Override
	public Health health() {
		KafkaStreams streams = this.factoryBean.getKafkaStreams();
		if (streams == null) {
			return Health.down().withDetail("state", "not started").build();
		}
		KafkaStreams.State state = streams.state();
		Health.Builder health = switch (state) {
			case CREATED, REBALANCING, RUNNING -> Health.up();
			case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> Health.down();
		};
		return health.withDetail("state", state.name()).build();
	}

}
