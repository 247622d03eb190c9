package ticketing.order.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

import ticketing.contract.Topics;
import ticketing.order.outbox.Outbox;

/** The relay and the topics it writes. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

	/**
	 * The event topic, as in setup/kafka/topics.conf; created at startup if missing. Its records carry the order's
	 * time, which can be old when published, so it keeps them until deleted on purpose (see {@link Topics}).
	 */
	@Bean
	NewTopic ticketOrderTopic(RelayProperties relay, TopicProperties topics) {
		return new NewTopic(relay.topic(), topics.partitions(), topics.replicationFactor())
			.configs(withMinInSync(Topics.EVENT_TOPIC_SETTINGS, topics));
	}

	/** The relay's progress: compacted, since only the last record of the relay's key is ever needed. */
	@Bean
	NewTopic relayProgressTopic(RelayProperties relay, TopicProperties topics) {
		return new NewTopic(relay.progressTopic(), 1, topics.replicationFactor())
			.configs(withMinInSync(Topics.RELAY_PROGRESS_SETTINGS, topics));
	}

	private static Map<String, String> withMinInSync(Map<String, String> settings, TopicProperties topics) {
		Map<String, String> all = new HashMap<>(settings);
		all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(topics.minInsyncReplicas()));
		return all;
	}

	@Bean
	RelayState relayState(JdbcClient jdbc, Outbox outbox, TransactionTemplate transactions) {
		return new RelayState(jdbc, outbox, transactions);
	}

	@Bean
	@ConditionalOnBooleanProperty("ticketing.order.relay.enabled")
	OrderRelay orderRelay(RelayProperties relay, KafkaProperties kafka, Outbox outbox, RelayState state,
			JdbcClient jdbc, DataSource dataSource, ObjectProvider<RelayFailureInjector> injector,
			MeterRegistry meterRegistry, ObjectProvider<Propagator> propagator, Environment environment) {
		String instanceId = StringUtils.hasText(relay.instanceId()) ? relay.instanceId()
				: "order-service-" + UUID.randomUUID();
		LeaseKeeper lease = new LeaseKeeper(new RelayLease(jdbc, relay.transactionalId(), instanceId),
				relay.leaseDuration());
		// Spring Boot's OpenTelemetry propagator exists even with management.tracing.enabled=false: then none
		boolean tracingEnabled = environment.getProperty("management.tracing.enabled", Boolean.class, true);
		RelayTracing tracing = new RelayTracing(
				tracingEnabled ? propagator.getIfAvailable(() -> Propagator.NOOP) : Propagator.NOOP, relay.topic());
		return new OrderRelay(relay, outbox, lease, progress(relay, kafka), state, new OutboxNotifications(dataSource),
				producers(relay, kafka), injector.getIfAvailable(() -> RelayFailureInjector.NONE),
				new RelayMetrics(meterRegistry), tracing);
	}

	static RelayProgress progress(RelayProperties relay, KafkaProperties kafka) {
		return new RelayProgress(relay.progressTopic(), relay.transactionalId(), consumers(kafka),
				relay.progressReadTimeout());
	}

	/**
	 * The relay's transactional producer. The settings exactly-once depends on are fixed here, not left to
	 * configuration: acks=all and idempotence (no loss, no duplicates on retry), at most 5 requests in flight (the
	 * idempotent producer then keeps order), and the one transactional.id that fences older relays.
	 */
	static Supplier<Producer<String, byte[]>> producers(RelayProperties relay, KafkaProperties kafka) {
		Map<String, Object> settings = new HashMap<>(kafka.buildProducerProperties());
		settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, relay.transactionalId());
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return () -> new KafkaProducer<>(settings);
	}

	/** Consumers that see committed transactions only, without a group: they assign and read, commit nothing. */
	static Supplier<Consumer<String, byte[]>> consumers(KafkaProperties kafka) {
		Map<String, Object> settings = new HashMap<>(kafka.buildConsumerProperties());
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return () -> new KafkaConsumer<>(settings);
	}

}
