package ticketing.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The files under {@code setup/} that scripts and the demo apply must agree with the contract. */
class SetupFilesTests {

	private static final Path SETUP = Path.of(System.getProperty("user.dir")).resolveSibling("setup");

	@Test
	void shouldDeclareEveryTopicOfTheContractWithReplicationThreeAndMinInSyncTwo() throws IOException {
		List<String[]> topics = topicsConf();

		assertThat(topics).extracting((topic) -> topic[0])
			.containsExactlyInAnyOrder(Topics.TICKET_ORDER, Topics.TICKET_ORDER_DLT,
					Topics.CATEGORY_FILTERED_TICKET_ORDER, Topics.SUSPICIOUS_USER, Topics.ORDER_RELAY_OFFSETS);
		assertThat(topics).allSatisfy((topic) -> {
			assertThat(topic[2]).as("replication factor of " + topic[0]).isEqualTo("3");
			assertThat(topic).as("settings of " + topic[0]).contains("min.insync.replicas=2");
		});
	}

	@Test
	void shouldGiveEveryTopicTheRetentionSettingsOfTheContract() throws IOException {
		List<String[]> topics = topicsConf();

		assertThat(topics).allSatisfy((topic) -> {
			Map<String, String> settings = new HashMap<>();
			for (int i = 3; i < topic.length; i++) {
				String[] pair = topic[i].split("=", 2);
				settings.put(pair[0], pair[1]);
			}
			settings.remove("min.insync.replicas");
			assertThat(settings).as("settings of " + topic[0]).isEqualTo(Topics.settings(topic[0]));
		});
		// Records with old event times must not be deleted on arrival: no topic of the system deletes by age
		assertThat(topics).allSatisfy((topic) -> assertThat(Topics.settings(topic[0]))
			.as("retention of " + topic[0])
			.satisfiesAnyOf((settings) -> assertThat(settings).containsEntry("retention.ms", "-1"),
					(settings) -> assertThat(settings).containsEntry("cleanup.policy", "compact")));
	}

	@Test
	void shouldShipSampleEventsThatEveryConsumerReads() throws IOException {
		List<String> lines = Files.readAllLines(SETUP.resolve("sample-data/ticket-order-events.jsonl"));

		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(TicketOrderJson.read(line)).isNotNull());
	}

	private static List<String[]> topicsConf() throws IOException {
		return Files.readAllLines(SETUP.resolve("kafka/topics.conf"))
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.map((line) -> line.split("\\s+"))
			.toList();
	}

}
