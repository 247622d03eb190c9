package ticketing.consumer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * Binds each consumer's own metrics ({@code kafka.consumer.*}) to a registry, as Spring Boot does, but looks for new
 * ones every {@value #REFRESH_SECONDS} s instead of Micrometer's 60: a partition's records-lag exists only once the
 * partition is assigned and fetched, so after a rebalance it showed up to a minute late on the dashboard.
 */
public final class ConsumerMetrics<K, V> extends MicrometerConsumerListener<K, V> {

	static final int REFRESH_SECONDS = 5;

	private static final ScheduledExecutorService REFRESH = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "kafka-consumer-metrics");
		thread.setDaemon(true);
		return thread;
	});

	public ConsumerMetrics(MeterRegistry registry) {
		super(registry);
	}

	/**
	 * Puts this listener on the factory in place of any other {@link MicrometerConsumerListener} (Spring Boot's, which
	 * would bind the same meters a second time).
	 */
	public static <K, V> void replaceOn(DefaultKafkaConsumerFactory<K, V> factory, MeterRegistry registry) {
		List.copyOf(factory.getListeners())
			.stream()
			.filter(MicrometerConsumerListener.class::isInstance)
			.forEach(factory::removeListener);
		factory.addListener(new ConsumerMetrics<>(registry));
	}

	@Override
	protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
		return new KafkaClientMetrics(consumer, tags, REFRESH, Duration.ofSeconds(REFRESH_SECONDS));
	}

}
