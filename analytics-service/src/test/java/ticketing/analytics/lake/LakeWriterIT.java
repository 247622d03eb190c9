package ticketing.analytics.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

import ticketing.analytics.lake.LakeFailureInjector.Point;
import ticketing.consumer.DeadLetters;
import ticketing.contract.EventHeaders;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.net.TcpProxy;
import ticketing.testsupport.process.JavaProcess;
import ticketing.testsupport.s3.S3TestBucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lake writer on the 3-broker cluster and the in-process S3 server: every committed order ends up in exactly one
 * object, whatever crashes, rebalances or outages happen on the way. Each test reads all objects back and counts the
 * events by id.
 */
@RealInfrastructure
class LakeWriterIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Test
	void shouldWriteEveryCommittedOrderOnceAndNoAbortedOne(KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 3)) {
			// Given committed orders around an aborted transaction
			LakeOrders orders = lake.orders();
			List<String> committed = new ArrayList<>(orders.sendCommitted(12));
			List<String> aborted = orders.sendAborted(5);
			committed.addAll(orders.sendCommitted(8));

			// When the writer runs (objects of at most 4 records, or 300 ms old)
			lake.start(4, Duration.ofMillis(300));

			// Then each committed order is in the lake once, no aborted one, and all offsets end up committed
			awaitEachOnceAndAllCommitted(lake, committed, 3);
			assertThat(lake.content().countsByEventId()).doesNotContainKeys(aborted.toArray(String[]::new));
			// And the objects are laid out by date and partition, named by topic id and first offset, one JSON event
			// per line
			String today = utcDate(RecordTimes.now());
			assertThat(lake.content().keys()).allMatch((key) -> key.matches(
					lake.topic + "/date=" + today + "/partition=[0-2]/" + lake.topicId() + "-\\d{20}\\.jsonl"));
			JsonNode line = lake.content().lines().get(0);
			assertThat(line.get("order_id").asString()).startsWith("order-");
			assertThat(line.get("event_type").asString()).isEqualTo("TicketOrderPlaced");
			assertThat(line.get("kafka_topic").asString()).isEqualTo(lake.topic);
			assertThat(line.get("kafka_topic_id").asString()).isEqualTo(lake.topicId());
			assertThat(line.has("kafka_offset")).isTrue();
		}
	}

	@Test
	void shouldShareThePartitionsAmongItsConsumersAndWriteEachOrderOnce(KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 3).concurrency(3);
				Admin admin = kafka.admin()) {
			// Given a writer of three consumers and a backlog
			List<String> committed = lake.orders().sendCommitted(30);

			// When it runs
			lake.start(4, Duration.ofMillis(300));

			// Then the group has three members with a partition each, and every order is in the lake once
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin.describeConsumerGroups(List.of(lake.groupId))
				.all()
				.get()
				.get(lake.groupId)
				.members()).hasSize(3).allSatisfy((member) -> assertThat(member.assignment().topicPartitions()).hasSize(1)));
			awaitEachOnceAndAllCommitted(lake, committed, 3);
		}
	}

	@Test
	void shouldCutObjectsBySizeAndWriteTheEndOfABacklogAtOnce(KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 1).maxBytes(DataSize.ofKilobytes(1))) {
			// Given a backlog of 20 orders (each a line of a few hundred bytes)
			List<String> expected = lake.orders().sendCommitted(20);

			// When the writer cuts objects at 1 KB, at 1000 records, or after an hour
			lake.start(1000, Duration.ofHours(1));

			// Then every order is in the lake once, long before an hour: the end of the backlog is written as soon as
			// a poll brings nothing more
			await().atMost(PATIENCE).untilAsserted(() -> {
				Map<String, Integer> counts = lake.content().countsByEventId();
				assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(counts.values()).containsOnly(1);
			});
			// and in objects of about 1 KB, not one object of 20 records
			assertThat(lake.content().keys()).hasSizeGreaterThanOrEqualTo(5);
		}
	}

	@Test
	void shouldFileEachOrderUnderItsEventDateWhenABatchSpansMidnight(KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 1)) {
			// Given orders placed just before and just after midnight (UTC), in one partition
			Instant midnight = RecordTimes.ago(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
			List<String> expected = lake.orders()
				.sendCommittedPlacedAt(List.of(midnight.minusSeconds(3), midnight.minusSeconds(2),
						midnight.minusSeconds(1), midnight, midnight.plusSeconds(1)));

			// When the writer batches them together (up to 100 records)
			lake.start(100, Duration.ofMillis(300));

			// Then each date has its own object, named by its own first offset, holding only that date's orders, once
			await().atMost(PATIENCE).untilAsserted(() -> {
				Map<String, Integer> counts = lake.content().countsByEventId();
				assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(counts.values()).containsOnly(1);
			});
			String topicId = lake.topicId();
			assertThat(lake.content().keys()).containsExactlyInAnyOrder(
					lake.topic + "/date=" + utcDate(midnight.minusSeconds(1)) + "/partition=0/" + topicId + "-"
							+ LakeObjectKey.offset(0) + ".jsonl",
					lake.topic + "/date=" + utcDate(midnight) + "/partition=0/" + topicId + "-" + LakeObjectKey.offset(3)
							+ ".jsonl");
		}
	}

	@ParameterizedTest
	@EnumSource(Point.class)
	void shouldWriteEachOrderOnceAfterACrashAtAnyPoint(Point point, KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		// One partition, so that the batch that crashes is cut by age: read again from the committed offset, it
		// would be cut differently (by count) and its records would land in a second object.
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 1)) {
			LakeOrders orders = lake.orders();
			List<String> expected = new CopyOnWriteArrayList<>(orders.sendCommitted(3));
			// Given a writer that crashes (no flush, no commit) at that point of its first object, once more orders
			// have arrived
			CrashOnce crash = new CrashOnce(point, () -> expected.addAll(orders.sendCommitted(4)));

			// When it runs, crashes and starts over by itself
			LakeWriter writer = lake.start(5, Duration.ofMillis(500), crash);

			// Then every order is in the lake exactly once, and everything is committed in the end
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(crash.crashed()).isTrue();
				Map<String, Integer> counts = lake.content().countsByEventId();
				assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(counts.values()).containsOnly(1);
				assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(1));
			});
			// And after a crash past the upload, the restart read only the new orders: it started after the object
			assertThat(writer.recordsRead()).isEqualTo((point == Point.BEFORE_UPLOAD) ? 3 + 7 : 3 + 4);
		}
	}

	@Test
	void shouldWriteEachOrderOnceWhenPartitionsMoveAndACrashHitsTheRebalance(KafkaTestCluster kafka,
			S3TestBucket bucket) throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 3)) {
			LakeOrders orders = lake.orders();
			List<String> expected = new CopyOnWriteArrayList<>();
			// Given a writer with large, slow batches (4 s) that waits 6 s in a poll: it holds the orders it read in
			// memory (the group's heartbeats, every 3 s, tell it of a rebalance before a quiet poll would write them)
			CrashOnce crash = new CrashOnce(Point.AFTER_UPLOAD_BEFORE_COMMIT,
					() -> expected.addAll(orders.sendCommitted(10)));
			LakeWriter first = lake.pollTimeout(Duration.ofSeconds(6)).start(1000, Duration.ofSeconds(4), crash);
			lake.pollTimeout(Duration.ofMillis(100));
			expected.addAll(orders.sendCommitted(30));
			await().atMost(PATIENCE).until(() -> first.recordsRead() >= 30);

			// When a second writer joins: the first uploads its batches on revocation and fails after the first
			// upload, before committing: the partitions' next owners read from what S3 holds
			LakeWriter second = lake.start(4, Duration.ofMillis(300));
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(crash.crashed()).isTrue();
				assertThat(lake.content().countsByEventId().keySet()).containsExactlyInAnyOrderElementsOf(expected);
			});
			expected.addAll(orders.sendCommitted(20));
			await().atMost(PATIENCE).until(() -> lake.content().countsByEventId().size() == expected.size());
			// And the second one leaves: the first gets every partition
			second.stop();
			expected.addAll(orders.sendCommitted(10));

			// Then every order is in the lake exactly once
			await().atMost(PATIENCE).untilAsserted(() -> {
				Map<String, Integer> counts = lake.content().countsByEventId();
				assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(counts.values()).containsOnly(1);
			});
			assertThat(second.objectsWritten()).isPositive();
		}
	}

	@Test
	void shouldWriteEachOrderOnceWhenAStaleWriterUploadsAfterAnotherTookItsPartition(KafkaTestCluster kafka,
			S3TestBucket bucket) throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 1)) {
			LakeOrders orders = lake.orders();
			List<String> expected = new ArrayList<>(orders.sendCommitted(5));
			// Given a writer held just before its first upload (a GC pause, SIGSTOP) for longer than the group lets
			// it be silent: it is expelled, as a paused JVM is after the session timeout
			HoldOnce hold = new HoldOnce(Point.BEFORE_UPLOAD);
			LakeWriter stale = lake.start(1000, Duration.ofMillis(300), hold,
					Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "8000"));
			assertThat(hold.awaitHeld(PATIENCE)).isTrue();
			expected.addAll(orders.sendCommitted(5));

			// When another writer takes the partition over and writes everything, with batches cut differently
			LakeWriter next = lake.start(4, Duration.ofMillis(300));
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(lake.content().countsByEventId().keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(1));
			});
			// And the held writer wakes up and makes its upload, then stops (so that it writes nothing after)
			hold.release();
			stale.stop();
			expected.addAll(orders.sendCommitted(3));

			// Then every order is in the lake exactly once, every offset once, and the group is at the end
			await().atMost(PATIENCE).untilAsserted(() -> {
				Map<String, Integer> counts = lake.content().countsByEventId();
				assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(counts.values()).containsOnly(1);
				assertThat(lake.content().countsByOffset().values()).containsOnly(1);
				assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(1));
			});
			assertThat(next.objectsWritten()).isPositive();
			// because S3 refused the held writer's object: the other one had written from the same offset
			assertThat(stale.objectsRefused()).isEqualTo(1);
		}
	}

	@Test
	void shouldWriteEveryOrderOfARecreatedTopicAndKeepTheOldObjects(KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 1)) {
			// Given a lake written from a topic, everything committed
			List<String> old = lake.orders().sendCommitted(4);
			LakeWriter first = lake.start(3, Duration.ofMillis(300));
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(lake.content().countsByEventId().keySet()).containsExactlyInAnyOrderElementsOf(old);
				assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(1));
			});
			first.stop();
			Map<String, String> oldObjects = lake.content().eTags();
			String oldTopicId = lake.topicId();

			// When the topic is deleted and made again under its name (docker compose down and up: a new, empty
			// cluster, the bucket as it was), more orders than before are placed, and a writer starts
			lake.recreateTopic();
			List<String> recent = lake.orders().sendCommitted(10);
			lake.start(3, Duration.ofMillis(300));

			// Then every new order is in the lake too, none skipped, each once, and the old objects are untouched
			List<String> expected = new ArrayList<>(old);
			expected.addAll(recent);
			awaitEachOnceAndAllCommitted(lake, expected, 1);
			assertThat(lake.content().eTags()).containsAllEntriesOf(oldObjects);
			// under the new topic id, next to the old one's
			assertThat(lake.topicId()).isNotEqualTo(oldTopicId);
			assertThat(lake.content().keys()).filteredOn((key) -> key.contains("/" + lake.topicId() + "-")).isNotEmpty();
		}
	}

	@Test
	void shouldFollowATopicRecreatedWhileTheWriterRuns(KafkaTestCluster kafka, S3TestBucket bucket) throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 1)) {
			// Given a running writer that has written a topic
			List<String> expected = new ArrayList<>(lake.orders().sendCommitted(4));
			lake.start(3, Duration.ofMillis(300));
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(lake.content().countsByEventId().keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(1));
			});
			Map<String, String> oldObjects = lake.content().eTags();

			// When the topic is deleted and made again under its name while the writer runs, and more orders than
			// before are placed on it
			lake.recreateTopic();
			expected.addAll(lake.orders().sendCommitted(10));

			// Then the writer follows: every new order is in the lake, each once, the old objects untouched
			awaitEachOnceAndAllCommitted(lake, expected, 1);
			assertThat(lake.content().eTags()).containsAllEntriesOf(oldObjects);
		}
	}

	@Test
	void shouldWriteEachOrderOnceWhenTheWriterProcessIsKilledMidStream(KafkaTestCluster kafka, S3TestBucket bucket,
			@TempDir Path dir) throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 3)) {
			LakeOrders orders = lake.orders();
			List<String> expected = new ArrayList<>();
			// Given a writer in a JVM of its own, writing objects of 5 records or 200 ms, while orders keep coming
			Process writer = startWriterProcess(kafka, lake, bucket, dir.resolve("writer.log"));
			try {
				for (int i = 0; i < 20; i++) {
					expected.addAll(orders.sendCommitted(3));
				}
				await().atMost(PATIENCE).until(() -> lake.content().keys().size() >= 3);

				// When it is killed (no flush, no commit, no leave-group) in the middle of the stream
				for (int i = 0; i < 20; i++) {
					expected.addAll(orders.sendCommitted(3));
					if (i == 5) {
						writer.destroyForcibly().waitFor();
					}
				}
			}
			finally {
				writer.destroyForcibly();
			}
			// And another writer takes over, with batches cut differently (7 records)
			lake.start(7, Duration.ofMillis(300));

			// Then every order is in the lake exactly once, and everything is committed
			awaitEachOnceAndAllCommitted(lake, expected, 3);
		}
	}

	private static Process startWriterProcess(KafkaTestCluster kafka, LakeTestWriters lake, S3TestBucket bucket,
			Path log) throws IOException {
		return JavaProcess.start(LakeWriterProcess.class, "256m", log,
				List.of(kafka.bootstrapServers(), lake.topic, lake.groupId, lake.deadLetterTopic,
						bucket.endpoint().toString(), bucket.name(), bucket.accessKey(), bucket.secretKey(), "5",
						"200", kafka.administrator().username(), kafka.administrator().password()));
	}

	@Test
	void shouldSendPoisonRecordsToTheDeadLetterTopicAndWriteTheRest(KafkaTestCluster kafka, S3TestBucket bucket)
			throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 3).gzip()) {
			// Given orders, and records that are not orders among them
			LakeOrders orders = lake.orders();
			List<String> expected = new ArrayList<>(orders.sendCommitted(5));
			orders.sendRaw("user-x", "not json", new RecordHeaders());
			orders.sendRaw("user-y", "{\"order_id\":\"9\"}", new RecordHeaders());
			orders.sendRaw("user-t", null, new RecordHeaders()); // a tombstone
			RecordHeaders unknownVersion = new RecordHeaders();
			unknownVersion.add(EventHeaders.SCHEMA_VERSION, "99".getBytes(StandardCharsets.UTF_8));
			orders.sendRaw("user-z",
					"{\"order_id\":\"10\",\"user_id\":\"user-z\",\"content_id\":\"1\"}", unknownVersion);
			expected.addAll(orders.sendCommitted(5));

			// When the writer runs
			lake.start(3, Duration.ofMillis(300));

			// Then the orders are in the lake once, compressed
			await().atMost(PATIENCE).untilAsserted(() -> {
				Map<String, Integer> counts = lake.content().countsByEventId();
				assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(counts.values()).containsOnly(1);
			});
			assertThat(lake.content().keys()).allMatch((key) -> key.endsWith(".jsonl.gz"));
			// And the four others are in the dead-letter topic, as they were, with the reason
			List<ConsumerRecord<String, byte[]>> deadLetters = readDeadLetters(kafka, lake.deadLetterTopic, 4);
			assertThat(deadLetters).extracting(
					(record) -> (record.value() == null) ? null : new String(record.value(), StandardCharsets.UTF_8))
				.containsExactlyInAnyOrder("not json", "{\"order_id\":\"9\"}", null,
						"{\"order_id\":\"10\",\"user_id\":\"user-z\",\"content_id\":\"1\"}");
			assertThat(deadLetters).allSatisfy((record) -> assertThat(
					EventHeaders.lastValue(record.headers(), DeadLetters.REASON_HEADER)).isPresent());
			// and the group that rejected them, since every group's dead letters share the topic
			assertThat(deadLetters).allSatisfy((record) -> assertThat(
					EventHeaders.lastValue(record.headers(), KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
				.contains(lake.groupId));
		}
	}

	@Test
	void shouldWaitForS3AndCommitNothingWhileItIsDown(KafkaTestCluster kafka, S3TestBucket bucket) throws Exception {
		try (LakeTestWriters lake = new LakeTestWriters(kafka, bucket, 3);
				TcpProxy s3 = new TcpProxy(bucket.endpoint().getHost(), bucket.endpoint().getPort())) {
			LakeOrders orders = lake.orders();
			List<String> expected = new ArrayList<>(orders.sendCommitted(6));
			lake.start(4, Duration.ofMillis(300),
					java.net.URI.create("http://" + bucket.endpoint().getHost() + ":" + s3.port()),
					LakeFailureInjector.NONE);
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(lake.content().countsByEventId()).hasSize(6);
				assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(3));
			});
			Map<Integer, Long> committedBefore = lake.committedOffsets();

			// Given S3 is unreachable
			s3.cut();
			// When orders arrive
			expected.addAll(orders.sendCommitted(9));

			// Then nothing is written nor committed while it is down
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(lake.committedOffsets()).isEqualTo(committedBefore);
				assertThat(lake.content().countsByEventId()).hasSize(6);
			});
			// And once it is back, the writer catches up by itself: every order once, all committed
			s3.open();
			awaitEachOnceAndAllCommitted(lake, expected, 3);
		}
	}

	/**
	 * Waits until the lake holds exactly the expected orders, each once, and the group has committed the end of every
	 * partition.
	 */
	private static void awaitEachOnceAndAllCommitted(LakeTestWriters lake, List<String> expected, int partitions) {
		await().atMost(PATIENCE).untilAsserted(() -> {
			Map<String, Integer> counts = lake.content().countsByEventId();
			assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(counts.values()).containsOnly(1);
			assertThat(lake.committedOffsets()).isEqualTo(lake.endOffsets(partitions));
		});
	}

	private static List<ConsumerRecord<String, byte[]>> readDeadLetters(KafkaTestCluster kafka, String topic,
			int count) {
		var props = kafka.consumerProperties("dlt-reader-" + topic, IsolationLevel.READ_COMMITTED);
		props.put("value.deserializer", ByteArrayDeserializer.class);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
			consumer.subscribe(List.of(topic));
			await().atMost(PATIENCE).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return records.size() >= count;
			});
		}
		return records;
	}

	/** Crashes the writer once, at the first time it reaches the point, after running {@code before}. */
	static final class CrashOnce implements LakeFailureInjector {

		private final Point point;

		private final Runnable before;

		private final AtomicInteger crashes = new AtomicInteger();

		CrashOnce(Point point, Runnable before) {
			this.point = point;
			this.before = before;
		}

		@Override
		public void reached(Point reached, org.apache.kafka.common.TopicPartition partition, String key) {
			if (reached == this.point && this.crashes.compareAndSet(0, 1)) {
				this.before.run();
				throw new IllegalStateException("Simulated crash at " + reached + " of " + key);
			}
		}

		boolean crashed() {
			return this.crashes.get() > 0;
		}

	}

	/** Holds the writer the first time it reaches the point, until released: a JVM paused there. */
	static final class HoldOnce implements LakeFailureInjector {

		private final Point point;

		private final CountDownLatch held = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private final AtomicInteger reached = new AtomicInteger();

		HoldOnce(Point point) {
			this.point = point;
		}

		@Override
		public void reached(Point reached, org.apache.kafka.common.TopicPartition partition, String key) {
			if (reached == this.point && this.reached.compareAndSet(0, 1)) {
				this.held.countDown();
				try {
					if (!this.released.await(2, TimeUnit.MINUTES)) {
						throw new IllegalStateException("Never released from " + reached + " of " + key);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}

		boolean awaitHeld(Duration timeout) throws InterruptedException {
			return this.held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		void release() {
			this.released.countDown();
		}

	}

	/** The date of an instant in UTC, as the lake's keys name it ({@code date=yyyy-MM-dd}). */
	private static String utcDate(Instant instant) {
		return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
	}

}
