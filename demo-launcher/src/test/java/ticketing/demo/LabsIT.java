package ticketing.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka labs ({@code labs/README.md}), every command run as written against a 3-broker test cluster (as
 * {@link CliTourIT} runs the CLI tour), and what each lab says a learner will see, checked. The last test checks that
 * no command of the labs was left out.
 */
@RealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabsIT {

	/** {@code Partition:1	Offset:0	alice	1}, as the console consumer prints with print.partition and print.offset. */
	private static final Pattern KEYED_LINE = Pattern.compile("Partition:(\\d+)\\s+Offset:(\\d+)\\s+(\\w+)\\s+(\\d+)");

	private final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private ReadmeCommands labs;

	private final List<Process> consumers = new ArrayList<>();

	@BeforeAll
	void readTheLabs() throws Exception {
		this.labs = new ReadmeCommands(ReadmeCommands.ROOT.resolve("labs/README.md"), this.kafka);
	}

	@AfterAll
	void stopConsumers() {
		this.consumers.forEach(Process::destroy);
	}

	@Test
	@Order(1)
	void lab1ShouldPutEveryRecordOfAKeyInOnePartitionInTheOrderItWasWritten() throws Exception {
		this.labs.run("setup/bin/kafka-topics.sh --bootstrap-server localhost:19092 --create --topic lab-keys "
				+ "--partitions 3 --replication-factor 3", "");
		this.labs.run("printf 'alice:1\\nbob:1\\nalice:2\\ncarol:1\\nbob:2\\nalice:3\\ncarol:2\\n' | "
				+ "setup/bin/kafka-console-producer.sh --bootstrap-server localhost:19092 --topic lab-keys "
				+ "--property parse.key=true --property key.separator=:", "");

		String read = this.labs.run("setup/bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 "
				+ "--topic lab-keys --from-beginning --property print.key=true --property print.partition=true "
				+ "--property print.offset=true --timeout-ms 10000", "");

		Map<String, List<long[]>> byKey = new HashMap<>();
		Matcher line = KEYED_LINE.matcher(read);
		while (line.find()) {
			byKey.computeIfAbsent(line.group(3), (key) -> new ArrayList<>())
				.add(new long[] { Long.parseLong(line.group(1)), Long.parseLong(line.group(2)),
						Long.parseLong(line.group(4)) });
		}
		assertThat(byKey).as(read).containsOnlyKeys("alice", "bob", "carol");
		assertThat(byKey.get("alice")).hasSize(3);
		byKey.forEach((key, records) -> {
			// one partition per key, and within it the values in the order written, at increasing offsets
			assertThat(records).as(key).extracting((record) -> record[0]).containsOnly(records.get(0)[0]);
			assertThat(records).as(key).extracting((record) -> record[1]).isSorted();
			assertThat(records).as(key).extracting((record) -> record[2]).isSorted();
		});
	}

	@Test
	@Order(3)
	void lab3ShouldShareThePartitionsAmongTheGroupAndLeaveAFourthMemberIdle() throws Exception {
		this.labs.run("setup/bin/kafka-topics.sh --bootstrap-server localhost:19092 --create --topic lab-groups "
				+ "--partitions 3 --replication-factor 3", "");
		Map<Integer, List<Integer>> expected = Map.of(1, List.of(3), 2, List.of(1, 2), 3, List.of(1, 1, 1), 4,
				List.of(0, 1, 1, 1));
		for (int members = 1; members <= 4; members++) {
			this.consumers.add(this.labs.start("setup/bin/kafka-console-consumer.sh --bootstrap-server "
					+ "localhost:19092 --topic lab-groups --group G1"));
			List<Integer> shares = expected.get(members);
			// (waited for through the Admin API, cheaper than a JVM per look; then looked at as the lab does)
			await("G1 with " + members + " members").atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> sharesOfG1().equals(shares));
			assertThat(partitionsPerMember()).isEqualTo(shares);
		}
		// Ctrl-C: each consumer leaves the group (and commits) as it stops
		for (Process consumer : this.consumers) {
			consumer.destroy();
			consumer.waitFor();
		}
	}

	@Test
	@Order(4)
	void lab4ShouldLetCommittedOffsetsWinOverFromBeginningUntilTheyAreReset() throws Exception {
		this.labs.run("setup/bin/kafka-topics.sh --bootstrap-server localhost:19092 --create --topic lab-offsets "
				+ "--partitions 3 --replication-factor 3", "");
		this.labs.run("printf 'one\\ntwo\\nthree\\nfour\\nfive\\nsix\\n' | setup/bin/kafka-console-producer.sh "
				+ "--bootstrap-server localhost:19092 --topic lab-offsets", "");
		String consume = "setup/bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 --topic lab-offsets "
				+ "--group G1 --from-beginning --timeout-ms 10000";
		List<String> six = List.of("one", "two", "three", "four", "five", "six");

		assertThat(values(this.labs.run(consume, ""))).containsExactlyInAnyOrderElementsOf(six);
		// again: the committed offsets win
		assertThat(values(this.labs.run(consume, ""))).isEmpty();
		String described = this.labs.run(
				"setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 --describe --group G1", "");
		assertThat(described.lines().filter((row) -> row.startsWith("G1 ") && row.contains("lab-offsets"))).hasSize(3)
			.allSatisfy((row) -> assertThat(row.trim().split("\\s+")[5]).as("lag").isEqualTo("0"));

		this.labs.run("setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 --group G1 "
				+ "--topic lab-offsets --reset-offsets --to-earliest --execute", "");
		assertThat(values(this.labs.run(consume, ""))).containsExactlyInAnyOrderElementsOf(six);

		this.labs.run("setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 --group G1 "
				+ "--topic lab-offsets --reset-offsets --shift-by -1 --execute", "");
		// (sent together without a key, the six are one batch in one partition: its last line)
		assertThat(values(this.labs.run(consume, ""))).containsExactly("six");

		String dryRun = this.labs.run("setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 "
				+ "--group G1 --topic lab-offsets --reset-offsets --to-datetime 2026-01-01T00:00:00.000 --dry-run", "");
		assertThat(dryRun.lines().filter((row) -> row.startsWith("G1 ") && row.contains("lab-offsets")))
			.anySatisfy((row) -> assertThat(row.trim().split("\\s+")[3]).as("new offset").isEqualTo("0"));
		// a dry run changes nothing: the group still reads nothing new
		assertThat(values(this.labs.run(consume, ""))).isEmpty();
	}

	@Test
	@Order(6)
	void lab6ShouldShowTheRelaysTransactionalProducerAndNoHangingTransaction() throws Exception {
		// Given the relay's transactional id, as ./demo's order-service uses it, with a committed transaction
		try (Admin admin = this.kafka.admin()) {
			if (!admin.listTopics().names().get().contains("ticket-order")) {
				admin.createTopics(List.of(new NewTopic("ticket-order", 3, (short) 3))).all().get();
			}
		}
		Map<String, Object> configs = new HashMap<>(this.kafka.clientConfigs());
		configs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "order-relay");
		try (KafkaProducer<String, String> relay = new KafkaProducer<>(configs, new StringSerializer(),
				new StringSerializer())) {
			relay.initTransactions();
			relay.beginTransaction();
			relay.send(new ProducerRecord<>("ticket-order", 0, "100", "lab-6-" + UUID.randomUUID()));
			relay.commitTransaction();
		}

		assertThat(this.labs.run("setup/bin/kafka-transactions.sh --bootstrap-server localhost:19092 list", ""))
			.contains("order-relay");
		String described = this.labs.run("setup/bin/kafka-transactions.sh --bootstrap-server localhost:19092 "
				+ "describe --transactional-id order-relay", "");
		assertThat(described).contains("ProducerId", "ProducerEpoch", "order-relay", "CompleteCommit");
		assertThat(this.labs.run("setup/bin/kafka-transactions.sh --bootstrap-server localhost:19092 "
				+ "describe-producers --topic ticket-order --partition 0", "")).contains("ProducerId", "LastSequence");
		String hanging = this.labs.run("setup/bin/kafka-transactions.sh --bootstrap-server localhost:19092 "
				+ "find-hanging --broker-id 1", "");
		assertThat(hanging.lines().filter((row) -> row.contains("ticket-order"))).isEmpty();
	}

	@Test
	@Order(8)
	void lab8ShouldDescribeTheControllerQuorum() throws Exception {
		assertThat(this.labs.run("setup/bin/kafka-metadata-quorum.sh --bootstrap-server localhost:19092 "
				+ "describe --status", "")).contains("LeaderId", "HighWatermark", "CurrentVoters");
		assertThat(this.labs.run("setup/bin/kafka-metadata-quorum.sh --bootstrap-server localhost:19092 "
				+ "describe --replication", "")).contains("LogEndOffset", "Lag", "Leader", "Observer");
	}

	@Test
	@Order(99)
	void shouldHaveRunEveryCommandOfTheLabs() {
		assertThat(this.labs.ran()).containsExactlyInAnyOrderElementsOf(this.labs.kafkaCommandsShown());
	}

	/** The partitions of each member of G1, smallest first, once the group is stable (until it exists: an error). */
	private List<Integer> sharesOfG1() throws Exception {
		try (Admin admin = this.kafka.admin()) {
			ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("G1")).all().get().get("G1");
			if (group.groupState() != GroupState.STABLE) {
				return List.of();
			}
			return group.members()
				.stream()
				.map((member) -> member.assignment().topicPartitions().size())
				.sorted()
				.toList();
		}
	}

	/** The #PARTITIONS column of G1's members, smallest first. */
	private List<Integer> partitionsPerMember() throws Exception {
		String members = this.labs.run("setup/bin/kafka-consumer-groups.sh --bootstrap-server localhost:19092 "
				+ "--describe --group G1 --members", "");
		return members.lines()
			.filter((row) -> row.startsWith("G1 "))
			.map((row) -> Integer.parseInt(row.trim().split("\\s+")[4]))
			.sorted()
			.toList();
	}

	/** The record values a console consumer printed (its own lines, such as "Processed a total of", left out). */
	private static List<String> values(String output) {
		return output.lines()
			.filter((line) -> line.matches("one|two|three|four|five|six"))
			.toList();
	}

}
