package ticketing.analytics.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ticketing.analytics.streams.StreamsSettings.StreamTopics;
import ticketing.contract.EventHeaders;
import ticketing.contract.InvalidEventException;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.kafka.TopicReader;
import ticketing.testsupport.process.JavaProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once on real brokers: a Streams instance is killed mid-stream (a separate JVM, {@code destroyForcibly}: no
 * close, no commit), a new one takes over with the same application id and state directory, and the outputs read with
 * read_committed are exactly those of a run without a crash: the same counts, no duplicates, nothing lost.
 */
@RealInfrastructure
class StreamsCrashIT {

	private static final Logger log = LoggerFactory.getLogger(StreamsCrashIT.class);

	private static final int USERS = 40;

	private static final int ORDERS = 400;

	/** The orders span four 5-minute windows: one every 3 seconds. */
	private static final Duration ORDER_SPACING = Duration.ofSeconds(3);

	/**
	 * The first instance's commit interval: long enough that it is killed between two commits, with a transaction
	 * open, yet short enough for the test (its first commit comes after this long).
	 */
	private static final Duration FIRST_INSTANCE_COMMIT_INTERVAL = Duration.ofSeconds(10);

	/** Orders placed before the first instance starts; the rest are placed while it runs, and it is killed then. */
	private static final int FIRST_PHASE = 150;

	/**
	 * Run with orders placed hours ago, and with orders placed a month ago: what a backlog after an outage or a
	 * reprocessing from offset 0 looks like. Old event times once made the window store's changelog delete its
	 * records as they were written, and the instance taking over restored counts too low.
	 */
	@ParameterizedTest(name = "orders placed {0} ago")
	@ValueSource(strings = { "PT3H", "P30D" })
	void shouldProduceTheSameOutputAfterACrashAsWithoutOne(Duration placedAgo, KafkaTestCluster kafka,
			@TempDir Path stateDir) throws Exception {
		// Given the topics, and input of orders of many users over four windows with two unreadable records, from
		// the start of a window that long ago (windows are aligned to the epoch)
		Instant start = RecordTimes.windowStartAgo(Duration.ofMinutes(5), placedAgo);
		StreamTopics topics = new StreamTopics(kafka.createTopic("ticket-order"),
				kafka.createTopic("category-filtered-ticket-order"), kafka.createTopic("suspicious-user"),
				kafka.createTopic("ticket-order.DLT"));
		String applicationId = "analytics-crash-" + UUID.randomUUID().toString().substring(0, 8);
		ItStreamsSettings settings = ItStreamsSettings.of(kafka.clientConfigs(), applicationId, stateDir, topics);
		List<ProducerRecord<String, byte[]>> input = input(topics.orders(), start);
		List<ProducerRecord<String, byte[]>> closingRecords = closingRecords(topics.orders(), start);

		// And the output of a run without a crash
		Expected expected = runWithoutCrash(settings, input, closingRecords);
		assertThat(expected.suspiciousUsers()).hasSizeGreaterThan(10);

		Process firstInstance = null;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(kafka))) {
			// When the first instance processes the first part of the input
			send(producer, input.subList(0, FIRST_PHASE));
			firstInstance = startInstanceProcess(kafka, applicationId, stateDir, topics);
			await("first instance committed the first phase").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> committedOffsets(kafka, applicationId, topics.orders()) >= FIRST_PHASE);

			// And it is killed while the rest of the input arrives, before its next commit: with output of an open
			// transaction already in the topics
			AtomicInteger sent = new AtomicInteger();
			List<ProducerRecord<String, byte[]>> secondPhase = input.subList(FIRST_PHASE, input.size());
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				for (ProducerRecord<String, byte[]> record : secondPhase) {
					send(producer, List.of(record));
					sent.incrementAndGet();
				}
			});
			await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= secondPhase.size() / 3);
			await("output of an open transaction").atMost(Duration.ofSeconds(60))
				.until(() -> readUncommittedCount(kafka, topics.liveOrders()) > readCommittedCount(kafka,
						topics.liveOrders()));
			firstInstance.destroyForcibly();
			assertThat(firstInstance.waitFor(30, TimeUnit.SECONDS)).isTrue();
			long committedAtCrash = committedOffsets(kafka, applicationId, topics.orders());
			sending.get(60, TimeUnit.SECONDS);
			send(producer, closingRecords);
			log.info("Killed the first instance with {} of {} input records committed", committedAtCrash,
					input.size() + closingRecords.size());
		}
		finally {
			if (firstInstance != null) {
				firstInstance.destroyForcibly();
			}
		}

		// And a new instance takes over and processes everything
		try (KafkaStreams secondInstance = startInstance(settings)) {
			await("second instance processed all input").atMost(Duration.ofSeconds(120))
				.until(() -> committedOffsets(kafka, applicationId, topics.orders()) >= endOffsets(kafka,
						topics.orders()));
		}

		// Then the suspicious users are exactly those of the run without a crash: same counts, no duplicates
		List<KeyValue<String, Integer>> suspicious = readCommitted(kafka, topics.suspiciousUsers(),
				IntegerDeserializer.class);
		assertThat(suspicious).containsExactlyInAnyOrderElementsOf(expected.suspiciousUsers());
		// And so are the live orders
		List<KeyValue<String, String>> live = readCommitted(kafka, topics.liveOrders(), StringDeserializer.class);
		assertThat(live.stream().map((kv) -> TicketOrderJson.read(kv.value.getBytes(StandardCharsets.UTF_8)).orderId()))
			.containsExactlyInAnyOrderElementsOf(expected.liveOrderIds());
		// And each unreadable record is in the dead-letter topic once
		List<KeyValue<String, String>> deadLetters = readCommitted(kafka, topics.deadLetter(),
				StringDeserializer.class);
		assertThat(deadLetters).containsExactlyInAnyOrder(KeyValue.pair("poison-1", "{not json"),
				KeyValue.pair("poison-2", "{\"order_id\":\"1\"}"));
		assertThat(deadLetterReasons(kafka, topics.deadLetter())).hasSize(2)
			.allSatisfy((reason) -> assertThat(reason).isEqualTo(InvalidEventException.class.getName()));
		// And the crash did leave output of a transaction that was then aborted: read_committed hid it
		assertThat(readUncommittedCount(kafka, topics.liveOrders())).as("live orders with read_uncommitted")
			.isGreaterThan(live.size());
	}

	/** Orders in timestamp order, so that none is late, and two records that are not valid orders. */
	private static List<ProducerRecord<String, byte[]>> input(String topic, Instant start) {
		Random random = new Random(42);
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (int i = 0; i < ORDERS; i++) {
			String userId = "user-%02d".formatted(random.nextInt(USERS));
			long timestamp = start.plus(ORDER_SPACING.multipliedBy(i)).toEpochMilli();
			TicketOrderPlaced order = new TicketOrderPlaced("order-" + i, userId, null, "content-" + random.nextInt(5),
					null, random.nextBoolean() ? "live" : "stage", null);
			records.add(new ProducerRecord<>(topic, null, timestamp, userId, TicketOrderJson.write(order)));
			if (i == 50 || i == 250) {
				boolean first = i == 50;
				records.add(new ProducerRecord<>(topic, null, timestamp, first ? "poison-1" : "poison-2",
						(first ? "{not json" : "{\"order_id\":\"1\"}").getBytes(StandardCharsets.UTF_8)));
			}
		}
		return records;
	}

	/**
	 * One order per partition well after the last window's grace period: stream time is per partition, and it has to
	 * move past every window's end plus grace for the window to close.
	 */
	private static List<ProducerRecord<String, byte[]>> closingRecords(String topic, Instant start) {
		long later = start.plus(Duration.ofHours(1)).toEpochMilli();
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (int partition = 0; partition < KafkaTestCluster.PARTITIONS; partition++) {
			String userId = "clock-" + partition;
			TicketOrderPlaced order = new TicketOrderPlaced("clock-order-" + partition, userId, null, "content-0", null,
					"stage", null);
			records.add(new ProducerRecord<>(topic, partition, later, userId, TicketOrderJson.write(order)));
		}
		return records;
	}

	private record Expected(List<KeyValue<String, Integer>> suspiciousUsers, List<String> liveOrderIds) {
	}

	/** The same topology and input in a {@link TopologyTestDriver}: what a run without any failure outputs. */
	private static Expected runWithoutCrash(ItStreamsSettings settings, List<ProducerRecord<String, byte[]>> input,
			List<ProducerRecord<String, byte[]>> closingRecords) throws IOException {
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, settings.settings().topics(), settings.settings().scalping());
		Properties props = (Properties) settings.properties().clone();
		props.put("state.dir", Files.createTempDirectory("no-crash").toString());
		try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
			TestInputTopic<String, byte[]> orders = driver.createInputTopic(settings.settings().topics().orders(),
					new StringSerializer(), new ByteArraySerializer());
			for (ProducerRecord<String, byte[]> record : concat(input, closingRecords)) {
				orders.pipeInput(record.key(), record.value(), record.timestamp());
			}
			TestOutputTopic<String, Integer> suspicious = driver.createOutputTopic(settings.settings().topics().suspiciousUsers(),
					new StringDeserializer(), new IntegerDeserializer());
			TestOutputTopic<String, String> live = driver.createOutputTopic(settings.settings().topics().liveOrders(),
					new StringDeserializer(), new StringDeserializer());
			return new Expected(suspicious.readKeyValuesToList(), live.readValuesToList()
				.stream()
				.map((json) -> TicketOrderJson.read(json.getBytes(StandardCharsets.UTF_8)).orderId())
				.toList());
		}
	}

	private static Process startInstanceProcess(KafkaTestCluster kafka, String applicationId, Path stateDir,
			StreamTopics topics) throws IOException {
		Path logFile = Path.of("target", "streams-process-" + applicationId + ".log");
		return JavaProcess.start(StreamsProcess.class, "256m", logFile,
				List.of(kafka.bootstrapServers(), applicationId, stateDir.toString(), topics.orders(),
						topics.liveOrders(), topics.suspiciousUsers(), topics.deadLetter(),
						Long.toString(FIRST_INSTANCE_COMMIT_INTERVAL.toMillis()), kafka.administrator().username(),
						kafka.administrator().password()));
	}

	private static KafkaStreams startInstance(ItStreamsSettings settings) {
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, settings.settings().topics(), settings.settings().scalping());
		KafkaStreams streams = new KafkaStreams(builder.build(), settings.properties());
		streams.start();
		return streams;
	}

	private static Properties producerProperties(KafkaTestCluster kafka) {
		Properties props = kafka.producerProperties();
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return props;
	}

	private static void send(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
		try {
			for (ProducerRecord<String, byte[]> record : records) {
				producer.send(record);
			}
			producer.flush();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Could not send the input", ex);
		}
	}

	/** The sum of the application's committed offsets on the topic: how many input records it has processed. */
	private static long committedOffsets(KafkaTestCluster kafka, String groupId, String topic)
			throws InterruptedException, ExecutionException {
		try (Admin admin = kafka.admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get();
			return offsets.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
				.mapToLong((entry) -> entry.getValue().offset())
				.sum();
		}
	}

	private static long endOffsets(KafkaTestCluster kafka, String topic) throws InterruptedException, ExecutionException {
		try (Admin admin = kafka.admin()) {
			Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
			for (int partition = 0; partition < KafkaTestCluster.PARTITIONS; partition++) {
				request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
			return admin.listOffsets(request).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
		}
	}

	private static <V> List<KeyValue<String, V>> readCommitted(KafkaTestCluster kafka, String topic,
			Class<?> valueDeserializer) {
		Properties props = kafka.consumerProperties("reader-" + UUID.randomUUID(), IsolationLevel.READ_COMMITTED);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
		try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props)) {
			return TopicReader.readToEnd(consumer, topic)
				.stream()
				.map((record) -> KeyValue.pair(record.key(), record.value()))
				.collect(Collectors.toList());
		}
	}

	/** The {@code __streams.errors.exception} header of each dead letter: the exception that refused the record. */
	private static List<String> deadLetterReasons(KafkaTestCluster kafka, String topic) {
		Properties props = kafka.consumerProperties("reader-" + UUID.randomUUID(), IsolationLevel.READ_COMMITTED);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			return TopicReader.readToEnd(consumer, topic)
				.stream()
				.map((record) -> EventHeaders.lastValue(record.headers(), "__streams.errors.exception").orElse("none"))
				.toList();
		}
	}

	private static int readUncommittedCount(KafkaTestCluster kafka, String topic) {
		return count(kafka, topic, IsolationLevel.READ_UNCOMMITTED);
	}

	private static int readCommittedCount(KafkaTestCluster kafka, String topic) {
		return count(kafka, topic, IsolationLevel.READ_COMMITTED);
	}

	private static int count(KafkaTestCluster kafka, String topic, IsolationLevel isolation) {
		Properties props = kafka.consumerProperties("reader-" + UUID.randomUUID(), isolation);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			return TopicReader.readToEnd(consumer, topic).size();
		}
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		List<T> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
