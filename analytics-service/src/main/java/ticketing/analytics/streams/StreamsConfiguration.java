package ticketing.analytics.streams;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import ticketing.contract.Topics;

/** The Kafka Streams application: its topology, its lifecycle and the topics it writes. */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

	/** Partitions of the output topics, as in setup/kafka/topics.conf. */
	private static final int PARTITIONS = 3;

	@Bean
	Topology analyticsTopology(StreamsSettings settings) {
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, settings.topics(), settings.scalping());
		return builder.build();
	}

	@Bean
	StreamsLifecycle streamsLifecycle(Topology analyticsTopology, StreamsSettings settings, MeterRegistry registry) {
		return new StreamsLifecycle(analyticsTopology, settings, registry);
	}

	/**
	 * The topics this application writes, created at startup by {@link KafkaAdmin} if missing (brokers do not create
	 * topics on first use), with the retention of setup/kafka/topics.conf: their records keep the input's event time,
	 * which can be old (see {@link Topics}). The input topic belongs to order-service and the setup scripts.
	 */
	@Bean
	KafkaAdmin.NewTopics analyticsOutputTopics(StreamsSettings settings) {
		StreamsSettings.StreamTopics topics = settings.topics();
		return new KafkaAdmin.NewTopics(topic(topics.liveOrders(), settings), topic(topics.suspiciousUsers(), settings),
				topic(topics.deadLetter(), settings));
	}

	private static NewTopic topic(String name, StreamsSettings settings) {
		return TopicBuilder.name(name)
			.partitions(PARTITIONS)
			.replicas(settings.replicationFactor())
			.configs(Topics.EVENT_TOPIC_SETTINGS)
			.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, StreamsProperties.minInSyncReplicas(settings))
			.build();
	}

}
