package ticketing.analytics.lake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.ContainerProperties.AssignmentCommitOption;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.BackOff;

import ticketing.consumer.ConsumerMetrics;
import ticketing.consumer.RecordTracing;
import ticketing.contract.TicketOrderPlaced;

/**
 * Reads committed orders and writes them to the lake, each exactly once: spring-kafka listener containers (one per
 * consumer, {@code concurrency} of them, each on its own thread) call a batch {@link LakeListener} each with their
 * poll's records (the pattern of Kafka Connect's S3 sink):
 * <ol>
 * <li>On assignment a partition is paused until S3 tells how far it is written: the reader seeks past the highest
 * last offset of the partition's objects of the topic's current id (or to the committed offset, if it was committed
 * for that id and is further). S3 is the source of truth of progress; the committed offset only saves listing old
 * objects. A recreated topic (a new id) is written from its beginning, beside the old one's objects.</li>
 * <li>Records go into a batch per partition; a batch closes at {@code max-records} or {@code max-bytes}, at
 * {@code max-age}, after a poll timeout without records (the end of a backlog), or when the event date changes, and is
 * uploaded as one object; objects of a partition are uploaded strictly in offset order.</li>
 * <li>An object is named by its topic id and first offset only and created only if no object has that name ({@code If-None-Match:
 * *}): two writers that read the same records (one of them paused past its session, then going on) cannot both write
 * them. The one refused drops everything it holds, like a crash, and starts over from what S3 holds.</li>
 * <li>After the upload the offset after the object is committed. A crash before the upload loses only memory; a crash
 * after it and before the commit is undone by step 1 on the next assignment, whoever gets the partition.</li>
 * <li>On revocation the open batch is uploaded and committed; if S3 fails then, it is dropped uncommitted and the
 * next owner reads it again. Lost partitions are dropped without any write.</li>
 * </ol>
 * Poison records go to the dead-letter topic through the shared {@code DeadLetters} recoverer. When S3 or the
 * dead-letter topic fails, the partition is paused and retried with back-off, forever, committing nothing meanwhile.
 */
public final class LakeWriter implements SmartLifecycle {

	private final List<LakeListener> listeners = new ArrayList<>();

	private final List<KafkaMessageListenerContainer<String, TicketOrderPlaced>> containers = new ArrayList<>();

	private final List<DefaultKafkaConsumerFactory<String, TicketOrderPlaced>> consumerFactories = new ArrayList<>();

	/**
	 * @param consumerProperties the consumer's complete configuration (group, read_committed, no auto-commit,
	 * deserializers)
	 */
	LakeWriter(LakeSettings settings, LakeStore store, Map<String, Object> consumerProperties,
			ConsumerAwareRecordRecoverer deadLetters, BackOff backOff, LakeFailureInjector failures,
			RecordTracing tracing) {
		// One container per consumer, each with a listener of its own: a listener's state is its consumer's
		// partitions, and it commits through that consumer.
		for (int i = 0; i < settings.concurrency(); i++) {
			LakeListener listener = new LakeListener(consumerProperties, settings, store, deadLetters, backOff,
					failures, tracing);
			this.listeners.add(listener);
			String name = "lake-writer-" + i;
			Map<String, Object> consumer = new HashMap<>(consumerProperties);
			consumer.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (key, id) -> id + "-" + name);
			DefaultKafkaConsumerFactory<String, TicketOrderPlaced> factory = new DefaultKafkaConsumerFactory<>(consumer);
			this.consumerFactories.add(factory);
			this.containers.add(container(settings, factory, listener, name));
		}
	}

	/**
	 * Binds each consumer's own metrics ({@code kafka.consumer.*}, the records-lag per partition among them) to the
	 * registry, as Spring Boot does for the consumers it creates; before {@link #start()}.
	 */
	void bindConsumerMetrics(MeterRegistry registry) {
		this.consumerFactories.forEach((factory) -> ConsumerMetrics.replaceOn(factory, registry));
	}

	private static KafkaMessageListenerContainer<String, TicketOrderPlaced> container(LakeSettings settings,
			DefaultKafkaConsumerFactory<String, TicketOrderPlaced> consumerFactory, LakeListener listener,
			String name) {
		ContainerProperties properties = new ContainerProperties(settings.topic());
		properties.setMessageListener(listener);
		properties.setConsumerRebalanceListener(listener);
		// The listener commits itself, once the records are in S3; the container never does, not even the position
		// of a newly assigned partition without a committed offset (the lake, not Kafka, says where to start).
		properties.setAckMode(AckMode.MANUAL);
		properties.setAssignmentCommitOption(AssignmentCommitOption.NEVER);
		properties.setPollTimeout(settings.pollTimeout().toMillis());
		// A poll timeout without records: the listener writes what is open and retries what waits for S3; from the
		// start (the container waits 5 times longer before the first records by default).
		properties.setIdleEventInterval(settings.pollTimeout().toMillis());
		properties.setIdleBeforeDataMultiplier(1.0);
		KafkaMessageListenerContainer<String, TicketOrderPlaced> container = new KafkaMessageListenerContainer<>(
				consumerFactory, properties);
		container.setBeanName(name);
		// The idle event is published on the consumer thread, with the consumer: the listener may commit there.
		container.setApplicationEventPublisher((event) -> {
			if (event instanceof ListenerContainerIdleEvent idle) {
				listener.onIdle(idle.getConsumer());
			}
		});
		return container;
	}

	@Override
	public void start() {
		this.containers.forEach(KafkaMessageListenerContainer::start);
	}

	/** Uploads and commits the open batches (if S3 is there) as the consumers leave the group, and waits for them. */
	@Override
	public void stop() {
		this.containers.forEach(KafkaMessageListenerContainer::stop);
		this.listeners.forEach(LakeListener::close);
	}

	@Override
	public boolean isRunning() {
		return this.containers.stream().anyMatch(KafkaMessageListenerContainer::isRunning);
	}

	/** Records read since the start (also again after a failure), poison records included. */
	long recordsRead() {
		return this.listeners.stream().mapToLong(LakeListener::recordsRead).sum();
	}

	/** Objects this writer has put into S3. */
	long objectsWritten() {
		return this.listeners.stream().mapToLong(LakeListener::objectsWritten).sum();
	}

	/** Uploads to S3 that failed and are retried (nothing committed meanwhile). */
	long uploadsFailed() {
		return this.listeners.stream().mapToLong(LakeListener::uploadsFailed).sum();
	}

	/** Records in the objects this writer has put into S3. */
	long recordsWritten() {
		return this.listeners.stream().mapToLong(LakeListener::recordsWritten).sum();
	}

	/** Objects written with a timed oldest record, and the sum of their times from that record to S3 (ns). */
	long objectsTimed() {
		return this.listeners.stream().mapToLong(LakeListener::objectsTimed).sum();
	}

	double orderToLakeNanos() {
		return this.listeners.stream().mapToLong(LakeListener::orderToLakeNanos).sum();
	}

	/** Objects S3 refused to create because one started at the same offset already (another writer was first). */
	long objectsRefused() {
		return this.listeners.stream().mapToLong(LakeListener::objectsRefused).sum();
	}

}
