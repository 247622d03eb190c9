package ticketing.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import ticketing.security.kafka.KafkaCredentials;

/**
 * The reference tools, run against the same PostgreSQL and the same three brokers: pgbench with the SQL of one order,
 * and Kafka's ProducerPerformance (transactional), ConsumerPerformance (read_committed) and EndToEndLatency (acks=all)
 * on a topic of their own with the settings of ticket-order.
 */
final class References {

	static final String BOOTSTRAP = "localhost:19092,localhost:29092,localhost:39092";

	/** The demo's Kafka administrator (setup/demo/demo.properties): reads every group, writes the tools' topic. */
	static KafkaCredentials kafkaAdmin(Path root) throws IOException {
		Properties demo = new Properties();
		try (var reader = Files.newBufferedReader(root.resolve("setup/demo/demo.properties"))) {
			demo.load(reader);
		}
		return new KafkaCredentials("admin", demo.getProperty("kafka.password.admin"));
	}

	/** Bootstrap servers and the settings of a client signed in as {@link #kafkaAdmin}. */
	static Properties kafkaClient(Path root) throws IOException {
		return kafkaAdmin(root).clientProperties(BOOTSTRAP);
	}

	static final String TOPIC = "benchmark-perf";

	private final Path root;

	private final Path work;

	private final String database;

	References(Path root, Path work, String database) {
		this.root = root;
		this.work = work;
		this.database = database;
	}

	/**
	 * The client configuration of Kafka's tools ({@code --command-config}): the admin's sign-in and {@code more}
	 * settings. Only {@code more} goes into the results (as {@code name}): the password stays out of them.
	 */
	private Path toolConfig(String name, String more) throws IOException {
		if (!more.isEmpty()) {
			Files.writeString(work.resolve(name), more);
		}
		Path config = Files.createTempFile("benchmark-kafka-tool", ".properties");
		config.toFile().deleteOnExit();
		Files.writeString(config, kafkaAdmin(root).configFile(BOOTSTRAP) + more);
		return config;
	}

	private String kafkaTool(Duration timeout, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(root.resolve("setup/bin/kafka-run-class.sh").toString());
		command.addAll(List.of(args));
		return Processes.run(root, Map.of(), timeout, command);
	}

	void createTopic() throws IOException, InterruptedException {
		kafkaTool(Duration.ofMinutes(1), "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", BOOTSTRAP,
				"--command-config", toolConfig("admin-client.properties", "").toString(), "--create", "--if-not-exists", "--topic", TOPIC, "--partitions", "3", "--replication-factor", "3",
				"--config", "min.insync.replicas=2");
	}

	/**
	 * The relay's settings: acks=all, idempotent, linger.ms=5, batch.size=256 KB (order-service's application.yml),
	 * and transactions as long as the relay's (its mean in the backlog phase): a commit costs a round trip and a marker
	 * per partition whatever the transaction holds, so the two are compared at the same commit rate.
	 */
	ToolOutput.Producer producerPerf(int records, int recordSize, int transactionMs)
			throws IOException, InterruptedException {
		String output = kafkaTool(Duration.ofMinutes(5), "org.apache.kafka.tools.ProducerPerformance", "--topic", TOPIC,
				"--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
				"--throughput", "-1", "--bootstrap-server", BOOTSTRAP, "--command-config",
				toolConfig("admin-client.properties", "").toString(), "--command-property", "acks=all",
				"enable.idempotence=true", "linger.ms=5", "batch.size=262144", "--transactional-id", "benchmark-perf-producer",
				"--transaction-duration-ms", Integer.toString(transactionMs));
		Files.writeString(work.resolve("producer-perf.txt"), output);
		return ToolOutput.producer(output);
	}

	/** Reads {@code records} records of the topic from its beginning, in a new group, read_committed. */
	ToolOutput.Consumer consumerPerf(String topic, int records) throws IOException, InterruptedException {
		Path config = toolConfig("consumer-perf.properties", "isolation.level=read_committed\n");
		String output = kafkaTool(Duration.ofMinutes(5), "org.apache.kafka.tools.ConsumerPerformance",
				"--bootstrap-server", BOOTSTRAP, "--topic", topic, "--num-records", Integer.toString(records),
				"--command-config", config.toString(), "--group", "benchmark-perf-consumer-" + System.nanoTime(),
				"--timeout", "30000");
		Files.writeString(work.resolve("consumer-perf.txt"), output);
		return ToolOutput.consumer(output);
	}

	ToolOutput.EndToEnd endToEndLatency(int records, int recordSize) throws IOException, InterruptedException {
		String output = kafkaTool(Duration.ofMinutes(5), "org.apache.kafka.tools.EndToEndLatency", "--bootstrap-server",
				BOOTSTRAP, "--topic", TOPIC, "--num-records", Integer.toString(records), "--producer-acks", "all",
				"--record-size", Integer.toString(recordSize), "--command-config",
				toolConfig("admin-client.properties", "").toString());
		Files.writeString(work.resolve("end-to-end-latency.txt"), output);
		return ToolOutput.endToEnd(output);
	}

	/**
	 * pgbench runs the statements of OrderService.place (lock the user, read the content, insert the order, insert
	 * the outbox row and its queue entry, commit) word for word, for users and contents of the {@link RushCatalogue}, on copies of ticket_orders, order_outbox and
	 * order_outbox_pending in the schema pgbench_ref (same columns, indexes, foreign keys to the real users and
	 * contents, and a NOTIFY trigger on its own channel), so that its rows never reach the relay. search_path puts the copies first, so the script's SQL is the service's.
	 */
	void preparePgbench(String psql) throws IOException, InterruptedException {
		String sql = """
				DROP SCHEMA IF EXISTS pgbench_ref CASCADE;
				CREATE SCHEMA pgbench_ref;
				CREATE TABLE pgbench_ref.ticket_orders (LIKE public.ticket_orders INCLUDING ALL);
				ALTER TABLE pgbench_ref.ticket_orders ADD FOREIGN KEY (user_id) REFERENCES public.users (id),
				    ADD FOREIGN KEY (content_id) REFERENCES public.contents (id);
				CREATE TABLE pgbench_ref.order_outbox (LIKE public.order_outbox INCLUDING ALL);
				CREATE TABLE pgbench_ref.order_outbox_pending (LIKE public.order_outbox_pending INCLUDING ALL);
				CREATE FUNCTION pgbench_ref.notify_order_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    PERFORM pg_notify('pgbench_ref_order_outbox', '');
				    RETURN NULL;
				END
				$$;
				CREATE TRIGGER order_outbox_notify AFTER INSERT ON pgbench_ref.order_outbox
				    FOR EACH STATEMENT EXECUTE FUNCTION pgbench_ref.notify_order_outbox();
				""";
		Processes.run(root, Map.of(), Duration.ofMinutes(1),
				List.of(psql, "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q",
						"-c", sql));
		// The statements Hibernate and the outbox send for one order, as logged with spring.jpa.show-sql
		Files.writeString(work.resolve("order.pgbench.sql"), RushCatalogue.pgbenchVariables() + """
				BEGIN;
				select u1_0.id,u1_0.nickname,u1_0.registered_at from users u1_0 where u1_0.id=:uid for no key update of u1_0;
				select c1_0.id,c1_0.category,c1_0.published_at,c1_0.title from contents c1_0 where c1_0.id=:cid;
				insert into ticket_orders (content_id,user_id) values (:cid,:uid) returning id,created_at;
				WITH event AS (INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at) VALUES (gen_random_uuid(), 'TicketOrderPlaced', :uid, '{"order_id":"1000000","user_id":"2000000","nickname":"rush-user-2000000","content_id":"2000000","title":"Rush concert 2000000","category":"live","created_at":"2026-11-25T14:05:00.123456Z"}', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', clock_timestamp()) RETURNING id) INSERT INTO order_outbox_pending (id) SELECT id FROM event;
				COMMIT;
				""");
	}

	ToolOutput.Pgbench pgbench(String pgbench, int clients, int seconds) throws IOException, InterruptedException {
		String output = Processes.run(root, Map.of("PGOPTIONS", "-c search_path=pgbench_ref,public"),
				Duration.ofSeconds(seconds + 60),
				List.of(pgbench, "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "prepared", "-c",
						Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)), "-T",
						Integer.toString(seconds), "-f", work.resolve("order.pgbench.sql").toString(), database));
		Files.writeString(work.resolve("pgbench-c" + clients + ".txt"), output);
		return ToolOutput.pgbench(output);
	}

}
