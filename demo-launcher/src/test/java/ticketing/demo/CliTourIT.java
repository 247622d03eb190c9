package ticketing.demo;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Kafka CLI tour, run with the same scripts and flags against a real 3-broker cluster (the test's
 * in-process one instead of the demo's, so only the bootstrap address and the admin's client configuration differ).
 * Each command is also checked to appear in the README as written, so the two cannot drift apart.
 */
@RealInfrastructure
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTourIT {

	private final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private final ReadmeCommands readme = new ReadmeCommands(ReadmeCommands.ROOT.resolve("README.md"), this.kafka);

	CliTourIT() throws IOException {
	}

	@Test
	@Order(1)
	void shouldCreateListAndDescribeATopic() throws Exception {
		assertThat(run("setup/bin/kafka-topics.sh --bootstrap-server localhost:19092 --command-config "
				+ ".demo/kafka/admin-client.properties --create --topic ird-first-topic --partitions 3 "
				+ "--replication-factor 3", ""))
			.contains("Created topic ird-first-topic.");
		assertThat(run("setup/bin/kafka-topics.sh --bootstrap-server localhost:19092 --list", ""))
			.contains("ird-first-topic");
		assertThat(run("setup/bin/kafka-topics.sh --bootstrap-server localhost:19092 --describe --topic ird-first-topic",
				""))
			.contains("PartitionCount: 3")
			.contains("ReplicationFactor: 3");
	}

	@Test
	@Order(2)
	void shouldProduceKeyedMessagesAndConsumeThemInGroupG1() throws Exception {
		run("setup/bin/kafka-console-producer.sh --bootstrap-server localhost:19092 --topic ird-first-topic "
				+ "--property parse.key=true --property key.separator=:", "user1:hello\nuser2:kafka\nuser1:again\n");

		String consumed = run("setup/bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 "
				+ "--topic ird-first-topic --group G1 --from-beginning --property print.key=true", "",
				"--max-messages", "3");

		assertThat(consumed).contains("user1\thello", "user2\tkafka", "user1\tagain");
	}

	@Test
	@Order(3)
	void shouldListAndDescribeConsumerGroupG1() throws Exception {
		assertThat(run("setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 --list", ""))
			.contains("G1");

		String described = run("setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 --describe "
				+ "--group G1", "");

		assertThat(described).contains("CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "ird-first-topic");
		List<String[]> rows = described.lines()
			.filter((line) -> line.contains("ird-first-topic"))
			.map((line) -> line.trim().split("\\s+"))
			.toList();
		assertThat(rows).isNotEmpty();
		assertThat(rows.stream().mapToLong((row) -> Long.parseLong(row[3])).sum()).as("committed offsets").isEqualTo(3);
		assertThat(rows).allSatisfy((row) -> assertThat(row[5]).as("lag").isEqualTo("0"));
	}

	@Test
	@Order(4)
	void shouldShowOnlyCommittedOrdersWhenWatchingTicketOrderWithReadCommitted() throws Exception {
		try (Admin admin = kafka.admin()) {
			if (!admin.listTopics().names().get().contains("ticket-order")) {
				admin.createTopics(List.of(new NewTopic("ticket-order", 3, (short) 3))).all().get();
			}
		}
		var props = kafka.producerProperties();
		props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cli-tour-" + UUID.randomUUID());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("ticket-order", "1", "{\"order_id\":\"1\",\"user_id\":\"1\",\"content_id\":\"2\"}"));
			producer.commitTransaction();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("ticket-order", "1", "{\"order_id\":\"rolled-back\",\"user_id\":\"1\",\"content_id\":\"2\"}"));
			producer.flush();
			producer.abortTransaction();
		}

		String watched = run("setup/bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 --topic ticket-order "
				+ "--from-beginning --isolation-level read_committed --property print.key=true", "", "--timeout-ms",
				"15000");

		assertThat(watched).contains("\"order_id\":\"1\"").doesNotContain("rolled-back");
	}

	/** Runs a README command (checked to be in the README) against the test cluster and returns its output. */
	private String run(String readmeCommand, String input, String... testOnlyArgs) throws IOException,
			InterruptedException {
		return this.readme.run(readmeCommand, input, testOnlyArgs);
	}

}
