package ticketing.analytics.lake;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

import ticketing.consumer.DeadLetters;
import ticketing.consumer.RecordTracing;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.s3.S3TestBucket;

import static org.awaitility.Awaitility.await;

/**
 * Lake writers of one test, wired like the application does (LakeConfiguration), on the test's own topic, group and
 * bucket; stopped and closed at the end.
 */
final class LakeTestWriters implements AutoCloseable {

	final String topic;

	final String deadLetterTopic;

	final String groupId = "analytics-lake-" + UUID.randomUUID();

	private final KafkaTestCluster kafka;

	private final S3TestBucket bucket;

	private final int partitions;

	private final List<LakeWriter> writers = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private boolean gzip;

	private DataSize maxBytes = DataSize.ofMegabytes(4);

	private @Nullable Duration pollTimeout;

	private int concurrency = 1;

	LakeTestWriters(KafkaTestCluster kafka, S3TestBucket bucket, int partitions) {
		this.kafka = kafka;
		this.bucket = bucket;
		this.partitions = partitions;
		this.topic = kafka.createTopic("ticket-order", partitions, Map.of());
		this.deadLetterTopic = kafka.createTopic("ticket-order.DLT");
	}

	/** Writers started from now on also cut their objects at this many bytes (4 MB otherwise). */
	LakeTestWriters maxBytes(DataSize maxBytes) {
		this.maxBytes = maxBytes;
		return this;
	}

	/**
	 * Writers started from now on wait this long in a poll (100 ms otherwise): what they hold is written after a poll
	 * timeout without records, so a long one keeps their batches open until max-age, a size or a revocation.
	 */
	LakeTestWriters pollTimeout(Duration pollTimeout) {
		this.pollTimeout = pollTimeout;
		return this;
	}

	/** Writers started from now on run this many consumers (1 otherwise). */
	LakeTestWriters concurrency(int concurrency) {
		this.concurrency = concurrency;
		return this;
	}

	/** Writers started from now on compress their objects. */
	LakeTestWriters gzip() {
		this.gzip = true;
		return this;
	}

	LakeWriter start(int maxRecords, Duration maxAge) {
		return start(maxRecords, maxAge, this.bucket.endpoint(), LakeFailureInjector.NONE);
	}

	LakeWriter start(int maxRecords, Duration maxAge, LakeFailureInjector failures) {
		return start(maxRecords, maxAge, this.bucket.endpoint(), failures);
	}

	/** A started writer whose objects close at {@code maxRecords} or {@code maxAge}, reaching S3 at {@code s3}. */
	LakeWriter start(int maxRecords, Duration maxAge, URI s3, LakeFailureInjector failures) {
		return start(maxRecords, maxAge, s3, failures, Map.of());
	}

	/** ... with consumer settings of its own on top of those of {@link #settings}. */
	LakeWriter start(int maxRecords, Duration maxAge, LakeFailureInjector failures,
			Map<String, String> consumerProperties) {
		return start(maxRecords, maxAge, this.bucket.endpoint(), failures, consumerProperties);
	}

	private LakeWriter start(int maxRecords, Duration maxAge, URI s3, LakeFailureInjector failures,
			Map<String, String> consumerProperties) {
		LakeSettings defaults = settings(this.topic, this.groupId, this.deadLetterTopic, this.gzip, maxRecords, maxAge,
				new LakeSettings.S3(s3, this.bucket.region(), this.bucket.accessKey(), this.bucket.secretKey(), true,
						Duration.ofSeconds(3)),
				this.bucket.name());
		Map<String, String> properties = new HashMap<>(defaults.properties());
		properties.putAll(consumerProperties);
		LakeSettings settings = new LakeSettings(defaults.enabled(), defaults.topic(), defaults.groupId(),
				defaults.bucket(), defaults.gzip(), defaults.maxRecords(), this.maxBytes, defaults.maxAge(),
				(this.pollTimeout != null) ? this.pollTimeout : defaults.pollTimeout(), this.concurrency,
				defaults.retryInitial(), defaults.retryMax(), defaults.deadLetterTopic(), defaults.s3(), properties);
		LakeWriter writer = writer(this.kafka.clientConfigs(), settings, failures, this.resources);
		this.writers.add(writer);
		writer.start();
		return writer;
	}

	/** The settings of application.yml, with the test's names, fast retries and a 6 s session timeout. */
	static LakeSettings settings(String topic, String groupId, String deadLetterTopic, boolean gzip, int maxRecords,
			Duration maxAge, LakeSettings.S3 s3, String bucket) {
		return new LakeSettings(true, topic, groupId, bucket, gzip, maxRecords, DataSize.ofMegabytes(4), maxAge,
				Duration.ofMillis(100), 1,
				Duration.ofMillis(100), Duration.ofSeconds(1), deadLetterTopic, s3,
				// A dead member leaves the group after 6 s (the brokers' minimum) instead of 45 s.
				Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000"));
	}

	/** A writer wired as LakeConfiguration does; what it opens is added to {@code resources}. */
	static LakeWriter writer(Map<String, Object> kafkaClient, LakeSettings settings, LakeFailureInjector failures,
			List<AutoCloseable> resources) {
		S3Client s3Client = LakeConfiguration.s3Client(settings.s3());
		KafkaTemplate<Object, Object> deadLetters = DeadLetters.deadLetterTemplate(kafkaClient);
		resources.add(s3Client);
		resources.add(() -> deadLetters.getProducerFactory().reset());
		return new LakeWriter(settings, new LakeStore(s3Client, settings.bucket(), settings.topic()),
				LakeConfiguration.consumerProperties(kafkaClient, settings),
				DeadLetters.recoverer(deadLetters, settings.deadLetterTopic()),
				DeadLetters.retryForever(settings.retryInitial(), settings.retryMax()), failures, RecordTracing.none());
	}

	/**
	 * Deletes the topic and creates it again under the same name, empty (a new topic id, offsets from 0): what a
	 * recreated topic or a new cluster looks like to the lake, whose bucket keeps its objects.
	 */
	void recreateTopic() throws ExecutionException, InterruptedException {
		try (Admin admin = this.kafka.admin()) {
			admin.deleteTopics(List.of(this.topic)).all().get();
			NewTopic again = new NewTopic(this.topic, this.partitions, KafkaTestCluster.REPLICATION_FACTOR)
				.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
						Integer.toString(KafkaTestCluster.MIN_IN_SYNC_REPLICAS), TopicConfig.RETENTION_MS_CONFIG,
						"-1"));
			// The deletion completes in the background; until then the name is taken.
			await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
				admin.createTopics(List.of(again)).all().get();
				return true;
			});
		}
		this.kafka.awaitFullyReplicated(this.topic);
	}

	/** The topic's id now, as the keys of its objects carry it. */
	String topicId() {
		return this.kafka.describe(this.topic).topicId().toString();
	}

	LakeContent content() {
		return new LakeContent(this.bucket.client(), this.bucket.name());
	}

	LakeOrders orders() {
		LakeOrders orders = new LakeOrders(this.kafka, this.topic);
		this.resources.add(orders);
		return orders;
	}

	/** The group's committed offsets, partition by partition (absent: none committed). */
	Map<Integer, Long> committedOffsets() throws ExecutionException, InterruptedException {
		try (Admin admin = this.kafka.admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(this.groupId)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<Integer, Long> committed = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (offset != null) {
					committed.put(partition.partition(), offset.offset());
				}
			});
			return committed;
		}
	}

	/** The end of each partition, as a read_committed consumer sees it. */
	Map<Integer, Long> endOffsets(int partitions) throws ExecutionException, InterruptedException {
		try (Admin admin = this.kafka.admin()) {
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				request.put(new TopicPartition(this.topic, p), OffsetSpec.latest());
			}
			Map<Integer, Long> ends = new HashMap<>();
			admin
				.listOffsets(request,
						new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
				.all()
				.get()
				.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
			return ends;
		}
	}

	@Override
	public void close() throws Exception {
		for (LakeWriter writer : this.writers) {
			writer.stop();
		}
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

}
