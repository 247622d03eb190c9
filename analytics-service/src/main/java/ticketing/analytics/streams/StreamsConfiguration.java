package ticketing.analytics.streams;

import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

import ticketing.consumer.RecordTracing;
import ticketing.contract.Topics;

/**
 * The Kafka Streams application on spring-kafka's {@link StreamsBuilderFactoryBean}: the client is configured under
 * {@code spring.kafka.streams} (Spring Boot builds it), the topology is added to its {@link StreamsBuilder}, and the
 * factory bean starts it after the web server (interactive queries can be forwarded to this instance as soon as it
 * owns partitions) and closes it before. A close commits the open transactions; the state directory is never wiped,
 * so that a restart resumes from the local stores.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StreamsConfiguration.class);

	/** Partitions of the output topics, as in setup/kafka/topics.conf. */
	private static final int PARTITIONS = 3;

	@Bean
	KStream<String, RawOrder> analyticsTopology(StreamsBuilder builder, StreamsSettings settings,
			KafkaProperties kafka, ObjectProvider<Propagator> propagator, Environment environment) {
		RecordTracing tracing = RecordTracing.of(propagator, environment,
				String.valueOf(kafka.getStreams().getApplicationId()));
		return AnalyticsTopology.build(builder, settings.topics(), settings.scalping(), tracing);
	}

	/**
	 * What the code fixes on the factory bean, after Spring Boot has applied {@code spring.kafka.streams}: the
	 * guarantees and handlers of {@link StreamsProperties}, and what happens when a stream thread fails.
	 */
	@Bean
	StreamsBuilderFactoryBeanConfigurer analyticsStreamsConfigurer(StreamsSettings settings,
			MeterRegistry meterRegistry) {
		return (factoryBean) -> {
			Properties streams = StreamsProperties.from(factoryBean.getStreamsConfiguration(), settings);
			// For the exception handlers, which Kafka Streams creates from their class names, to count dead letters
			streams.put(StreamsDeadLetters.METER_REGISTRY_CONFIG, meterRegistry);
			factoryBean.setStreamsConfiguration(streams);
			factoryBean.setCloseTimeout(Math.toIntExact(settings.closeTimeout().toSeconds()));
			// Started after the web server, stopped before it.
			factoryBean.setPhase(Integer.MAX_VALUE);
			factoryBean.setStreamsUncaughtExceptionHandler(new StreamThreadFailures());
			factoryBean.setStateListener((KafkaStreams.State newState, KafkaStreams.State oldState) -> {
				log.info("Kafka Streams {} -> {}", oldState, newState);
				if (newState == KafkaStreams.State.RUNNING) {
					announceAgain(factoryBean);
				}
			});
		};
	}

	/**
	 * Tells the factory bean's listeners again about its instance after a rebalance. Spring Boot's
	 * {@code KafkaStreamsMicrometerListener} binds the Streams metrics (such as
	 * {@code kafka.stream.task.dropped.records.total}, the records dropped as too late) when the instance is created,
	 * before any task exists, and would see the task metrics only at its next periodic refresh, a minute later.
	 */
	private static void announceAgain(StreamsBuilderFactoryBean factoryBean) {
		KafkaStreams streams = factoryBean.getKafkaStreams();
		if (streams == null) {
			return;
		}
		// The id under which the factory bean announces its instance: its bean name.
		String id = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_BUILDER_BEAN_NAME;
		for (StreamsBuilderFactoryBean.Listener listener : factoryBean.getListeners()) {
			listener.streamsRemoved(id, streams);
			listener.streamsAdded(id, streams);
		}
	}

	/**
	 * Finds the instance that owns a key and this instance's stores. An HTTP query answers at once (503 while a
	 * store is moving) instead of waiting for a rebalance: two quick retries only.
	 */
	@Bean
	KafkaStreamsInteractiveQueryService interactiveQueryService(StreamsBuilderFactoryBean factoryBean) {
		KafkaStreamsInteractiveQueryService queries = new KafkaStreamsInteractiveQueryService(factoryBean);
		queries.setRetryTemplate(
				new RetryTemplate(RetryPolicy.builder().maxRetries(2).delay(Duration.ofMillis(50)).build()));
		return queries;
	}

	/**
	 * The topics this application writes, created at startup by {@link KafkaAdmin} if missing (brokers do not create
	 * topics on first use), with the retention of setup/kafka/topics.conf: their records keep the input's event time,
	 * which can be old (see {@link Topics}). The input topic belongs to order-service and the setup scripts.
	 */
	@Bean
	KafkaAdmin.NewTopics analyticsOutputTopics(StreamsSettings settings, StreamsBuilderFactoryBean factoryBean) {
		int replicationFactor = StreamsProperties.replicationFactor(factoryBean.getStreamsConfiguration());
		StreamsSettings.StreamTopics topics = settings.topics();
		return new KafkaAdmin.NewTopics(topic(topics.liveOrders(), replicationFactor),
				topic(topics.suspiciousUsers(), replicationFactor), topic(topics.deadLetter(), replicationFactor));
	}

	private static NewTopic topic(String name, int replicationFactor) {
		return TopicBuilder.name(name)
			.partitions(PARTITIONS)
			.replicas(replicationFactor)
			.configs(Topics.EVENT_TOPIC_SETTINGS)
			.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, StreamsProperties.minInSyncReplicas(replicationFactor))
			.build();
	}

}
