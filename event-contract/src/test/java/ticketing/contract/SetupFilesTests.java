package ticketing.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The files under {@code setup/} that scripts and the demo apply must agree with the contract. */
class SetupFilesTests {

	private static final Path SETUP = Path.of(System.getProperty("user.dir")).resolveSibling("setup");

	@Test
	void shouldDeclareEveryTopicOfTheContractWithReplicationThreeAndMinInSyncTwo() throws IOException {
		List<String[]> topics = Files.readAllLines(SETUP.resolve("kafka/topics.conf"))
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.map((line) -> line.split("\\s+"))
			.toList();

		assertThat(topics).extracting((topic) -> topic[0])
			.containsExactlyInAnyOrder(Topics.TICKET_ORDER, Topics.TICKET_ORDER_DLT,
					Topics.CATEGORY_FILTERED_TICKET_ORDER, Topics.SUSPICIOUS_USER, Topics.ORDER_RELAY_OFFSETS);
		assertThat(topics).allSatisfy((topic) -> {
			assertThat(topic[2]).as("replication factor of " + topic[0]).isEqualTo("3");
			assertThat(topic).as("settings of " + topic[0]).contains("min.insync.replicas=2");
		});
	}

	@Test
	void shouldShipSampleEventsThatEveryConsumerReads() throws IOException {
		List<String> lines = Files.readAllLines(SETUP.resolve("sample-data/ticket-order-events.jsonl"));

		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(TicketOrderJson.read(line)).isNotNull());
	}

}
