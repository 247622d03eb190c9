package ticketing.notification.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;

import ticketing.consumer.ConsumerMetrics;
import ticketing.consumer.DeadLetters;
import ticketing.consumer.RecordTracing;
import ticketing.notification.purchase.ReadPositions;

/** The consumer's deserializers and error handling: the shared dead-letter handling of {@link DeadLetters}. */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ConsumerConfiguration.class);

	/** Values through the error-handling deserializer, so that a poison value reaches the error handler. */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer ticketOrderDeserializers() {
		return (factory) -> factory.updateConfigs(DeadLetters.ticketOrderConsumerProperties());
	}

	/**
	 * The consumers' own metrics (records-lag per partition among them) looked for every few seconds instead of every
	 * minute, in place of Spring Boot's binding; before the listener containers start.
	 */
	@Bean
	SmartInitializingSingleton consumerMetrics(ConsumerFactory<?, ?> consumerFactory, MeterRegistry meterRegistry) {
		return () -> {
			if (consumerFactory instanceof DefaultKafkaConsumerFactory<?, ?> factory) {
				ConsumerMetrics.replaceOn(factory, meterRegistry);
			}
		};
	}

	/**
	 * Commits past the commit marker that ends a transaction, not just past its last record: otherwise, at the end of
	 * a partition written by the transactional relay, the group's lag stays at 1 for good, and monitoring (or the
	 * fault-injection suite waiting for quiet) never sees it caught up.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> commitPastTransactionMarkers() {
		return (container) -> container.getContainerProperties().setFixTxOffsets(true);
	}

	/**
	 * {@code notification.consumer.rebuild}: Redis forgets its read positions before the listener starts, so every
	 * consumer of the group reads its partitions from the beginning again and re-applies every event.
	 */
	@Bean
	SmartInitializingSingleton rebuildWhenAsked(ConsumerSettings settings, ReadPositions positions) {
		return () -> {
			if (!settings.rebuild()) {
				return;
			}
			try {
				positions.forget();
			}
			catch (DataAccessException ex) {
				throw new IllegalStateException("The rebuild starts by deleting " + positions.key()
						+ " in Redis, and Redis cannot be reached; start Redis, then start again", ex);
			}
			log.info("Rebuild: {} deleted; every partition is read again from its beginning", positions.key());
		};
	}

	/** The only producer of this service: it writes dead letters. */
	/** A span per record, child of the relay's send, ended once Redis has the purchase (see TicketOrderListener). */
	@Bean
	RecordTracing recordTracing(ObjectProvider<Propagator> propagator, Environment environment, KafkaProperties kafka) {
		return RecordTracing.of(propagator, environment, String.valueOf(kafka.getConsumer().getGroupId()));
	}

	@Bean
	DefaultKafkaProducerFactory<Object, Object> deadLetterProducerFactory(KafkaProperties kafka) {
		return DeadLetters.deadLetterProducerFactory(kafka.buildProducerProperties());
	}

	@Bean
	KafkaTemplate<Object, Object> deadLetterTemplate(DefaultKafkaProducerFactory<Object, Object> deadLetterProducerFactory) {
		return new KafkaTemplate<>(deadLetterProducerFactory);
	}

	/** Poison records to the dead-letter topic at once; transient failures retried until they succeed. */
	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> deadLetterTemplate, ConsumerSettings settings,
			MeterRegistry meterRegistry, KafkaProperties kafka) {
		return DeadLetters.errorHandler(
				DeadLetters.counted(DeadLetters.recoverer(deadLetterTemplate, settings.deadLetterTopic()), meterRegistry,
						String.valueOf(kafka.getConsumer().getGroupId())),
				DeadLetters.retryForever(settings.retryInitialInterval(), settings.retryMaxInterval()), meterRegistry,
				settings.topic());
	}

}
