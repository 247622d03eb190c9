package ticketing.analytics.streams;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.jspecify.annotations.Nullable;

import ticketing.consumer.DeadLetters;

/**
 * Counts Kafka Streams' dead letters in {@code ticketing.dead-letters}, tagged with its application id as the group,
 * as every other consumer of the order topic counts its own. Kafka Streams creates its exception handlers from class
 * names, so the meter registry reaches them through the streams configuration, under {@link #METER_REGISTRY_CONFIG}
 * (handlers configured without it count nothing). A dead letter is counted when Streams takes it: it is written in
 * the task's transaction, so if that transaction aborts, the record is processed, and counted, again.
 */
final class StreamsDeadLetters {

	/** The streams configuration's entry holding the {@link MeterRegistry}. */
	static final String METER_REGISTRY_CONFIG = "ticketing.dead-letters.meter-registry";

	private final @Nullable MeterRegistry registry;

	private final String group;

	private StreamsDeadLetters(@Nullable MeterRegistry registry, String group) {
		this.registry = registry;
		this.group = group;
	}

	static StreamsDeadLetters from(Map<String, ?> configs) {
		return new StreamsDeadLetters(
				(configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry registry) ? registry : null,
				String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)));
	}

	static StreamsDeadLetters none() {
		return new StreamsDeadLetters(null, "");
	}

	void count(String topic, Throwable failure) {
		if (this.registry != null) {
			DeadLetters.countDeadLetter(this.registry, this.group, topic, failure);
		}
	}

}
