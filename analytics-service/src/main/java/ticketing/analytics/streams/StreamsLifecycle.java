package ticketing.analytics.streams;

import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link KafkaStreams} instance with the application: started after the web server (interactive queries can
 * be forwarded to this instance as soon as it owns partitions), closed before it. A close commits the open
 * transactions; the state directory is never wiped on start, so that a restart resumes from the local stores.
 */
public final class StreamsLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StreamsLifecycle.class);

	private final Topology topology;

	private final StreamsSettings settings;

	private final MeterRegistry meterRegistry;

	private volatile @Nullable KafkaStreams streams;

	private @Nullable KafkaStreamsMetrics metrics;

	StreamsLifecycle(Topology topology, StreamsSettings settings, MeterRegistry meterRegistry) {
		this.topology = topology;
		this.settings = settings;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void start() {
		KafkaStreams kafkaStreams = new KafkaStreams(this.topology, StreamsProperties.from(this.settings));
		// Records that cannot be deserialized never get here (dead-letter topic). Anything else (a missing input
		// topic, a bug) would fail again on the same record in a new thread: the instance stops, its health turns
		// DOWN, and another instance or a restart takes over from the last commit.
		kafkaStreams.setUncaughtExceptionHandler((ex) -> {
			log.error("A stream thread failed; shutting this Kafka Streams instance down", ex);
			return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
		});
		kafkaStreams.setStateListener((newState, oldState) -> {
			log.info("Kafka Streams {} -> {}", oldState, newState);
			if (newState == KafkaStreams.State.RUNNING) {
				bindMetrics(kafkaStreams);
			}
		});
		bindMetrics(kafkaStreams);
		kafkaStreams.start();
		this.streams = kafkaStreams;
	}

	@Override
	public void stop() {
		KafkaStreams kafkaStreams = this.streams;
		if (kafkaStreams != null) {
			kafkaStreams.close(this.settings.closeTimeout());
			this.streams = null;
		}
		unbindMetrics();
	}

	/**
	 * Exposes the Streams metrics (such as {@code kafka.stream.task.dropped.records.total}, the records dropped as too
	 * late) through Micrometer. Bound again after every rebalance: task metrics exist only for the tasks assigned, and
	 * the binder would otherwise see new ones only at its next periodic refresh.
	 */
	private synchronized void bindMetrics(KafkaStreams kafkaStreams) {
		unbindMetrics();
		KafkaStreamsMetrics bound = new KafkaStreamsMetrics(kafkaStreams);
		bound.bindTo(this.meterRegistry);
		this.metrics = bound;
	}

	private synchronized void unbindMetrics() {
		if (this.metrics != null) {
			this.metrics.close();
			this.metrics = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.streams != null;
	}

	/** The running instance, if started. */
	public Optional<KafkaStreams> streams() {
		return Optional.ofNullable(this.streams);
	}

}
