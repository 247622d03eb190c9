package ticketing.order.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import ticketing.order.Http;
import ticketing.order.OrderServiceApplication;
import ticketing.order.outbox.Outbox;
import ticketing.order.outbox.OutboxEvent;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recovery after a long busy time: the progress topic holds tens of thousands of committed progress records (compaction
 * never touches its active segment, an hour of them), the last of which names a batch a crashed relay committed to
 * Kafka but not to PostgreSQL. Two instances with a short lease and a short progress read deadline must still take
 * over, find that batch, and drain the outbox: every event exactly once.
 */
@RealInfrastructure
class RelayRecoveryIT {

	/** Progress records already in the topic when the relays start, as an hour of a busy relay leaves them. */
	private static final int OLD_PROGRESS_RECORDS = 30_000;

	/** Progress records per pre-filling transaction: fewer transactions, so that filling takes seconds. */
	private static final int RECORDS_PER_TRANSACTION = 500;

	/** Event ids each old progress record names. */
	private static final int EVENTS_PER_RECORD = 20;

	/** Outbox rows the crashed relay committed to Kafka without stamping them. */
	private static final int CRASHED_BATCH = 3;

	private final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private final PostgresTestDatabase database = TestInfrastructure.postgres().createDatabase();

	private final String topic = kafka.createTopic("ticket-order");

	private final String progressTopic = RelayTestProperties.progressTopic(kafka);

	private final String transactionalId = "order-relay-" + UUID.randomUUID();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() {
		instances.forEach(ConfigurableApplicationContext::close);
		database.close();
	}

	@Test
	void shouldDrainTheOutboxExactlyOnceBehindALongProgressTopicWithTwoInstancesAndAShortLease() {
		// Given an outbox with orders (the sample ones and more), written by an instance that does not relay
		ConfigurableApplicationContext writer = start("writer", "--ticketing.order.relay.enabled=false");
		placeOrders(writer, 20);
		Outbox outbox = writer.getBean(Outbox.class);
		List<OutboxEvent> crashedBatch = outbox.unpublished(CRASHED_BATCH);

		// ... and a progress topic full of a busy relay's records, the last one naming a batch that relay committed
		// to Kafka just before it crashed, before PostgreSQL learned of it (which knows of all the batches before)
		UUID databaseId = jdbc().sql("SELECT database_id FROM relay_state").query(UUID.class).single();
		jdbc().sql("UPDATE relay_state SET batches_stamped = ?").param(OLD_PROGRESS_RECORDS).update();
		fillProgressTopicAndCrashAfterCommitting(databaseId, crashedBatch);
		assertThat(outbox.countUnpublished()).isEqualTo(29);
		writer.close();

		// When two instances with a short lease and a short progress read deadline start together
		List<String> relaySettings = List.of("--ticketing.order.relay.lease-duration=1s",
				"--ticketing.order.relay.progress-read-timeout=1s");
		ConfigurableApplicationContext a = start("instance-a", relaySettings.toArray(String[]::new));
		ConfigurableApplicationContext b = start("instance-b", relaySettings.toArray(String[]::new));

		// Then they drain the outbox between them: the crashed batch is recognised as published, the rest published
		// once, and every order is in the topic exactly once
		await("outbox drained").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> a.getBean(Outbox.class).countUnpublished() == 0);
		PublishedEvents.assertExactlyOnceInOrder(kafka, topic, jdbc());

		// ... and every activation read a few offsets of the progress topic, not the tens of thousands of records
		List<DistributionSummary> reads = List.of(offsetsRead(a), offsetsRead(b));
		long activations = reads.stream().mapToLong(DistributionSummary::count).sum();
		double offsets = reads.stream().mapToDouble(DistributionSummary::totalAmount).sum();
		assertThat(activations).isPositive();
		assertThat(offsets / activations).as("offsets read per activation").isLessThan(OLD_PROGRESS_RECORDS / 100.0);
	}

	private static DistributionSummary offsetsRead(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class).get("ticketing.relay.recovery.offsets-read").summary();
	}

	/**
	 * Writes {@value #OLD_PROGRESS_RECORDS} progress records of the relay's key in committed transactions of its
	 * transactional.id, then, like a relay killed after its Kafka commit, the batch's events and its progress record
	 * in one committed transaction.
	 */
	private void fillProgressTopicAndCrashAfterCommitting(UUID databaseId, List<OutboxEvent> batch) {
		RelayProgress progress = new RelayProgress(progressTopic, transactionalId, () -> {
			throw new UnsupportedOperationException("writes only");
		}, Duration.ofSeconds(1));
		Properties settings = kafka.producerProperties();
		settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
			producer.initTransactions();
			for (int written = 0; written < OLD_PROGRESS_RECORDS; written += RECORDS_PER_TRANSACTION) {
				producer.beginTransaction();
				for (int i = 1; i <= RECORDS_PER_TRANSACTION; i++) {
					producer.send(progress.record(randomEventIds(), databaseId, written + i));
				}
				producer.commitTransaction();
			}
			producer.beginTransaction();
			for (OutboxEvent event : batch) {
				producer.send(new ProducerRecord<>(topic, null, event.occurredAt().toEpochMilli(), event.key(),
						event.payload().getBytes(StandardCharsets.UTF_8)));
			}
			producer.send(progress.record(batch.stream().map(OutboxEvent::eventId).toList(), databaseId,
					OLD_PROGRESS_RECORDS + 1));
			producer.commitTransaction();
		}
	}

	private static List<UUID> randomEventIds() {
		return IntStream.range(0, EVENTS_PER_RECORD).mapToObj((i) -> UUID.randomUUID()).toList();
	}

	private void placeOrders(ConfigurableApplicationContext instance, int count) {
		Http http = new Http(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
		for (int i = 0; i < count; i++) {
			assertThat(http.postJson("/orders", "{\"userId\": " + (100 + i % 5) + ", \"contentId\": 1}").statusCode())
				.isEqualTo(201);
		}
	}

	private ConfigurableApplicationContext start(String name, String... settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--ticketing.order.relay.topic=" + topic,
				"--ticketing.order.relay.progress-topic=" + progressTopic,
				"--ticketing.order.relay.transactional-id=" + transactionalId,
				"--ticketing.order.relay.instance-id=" + name, "--ticketing.order.relay.poll-interval=200ms",
				"--ticketing.order.relay.retry-backoff=200ms", "--spring.main.banner-mode=off",
				"--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation()));
		args.addAll(kafka.springArguments());
		args.addAll(List.of(settings));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderServiceApplication.class)
			.run(args.toArray(String[]::new));
		instances.add(context);
		return context;
	}

	private JdbcClient jdbc() {
		return JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password()));
	}

}
