package ticketing.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoLauncherTests {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	@Test
	void shouldCreateEveryTopicOfSetupWithItsSettings() throws IOException {
		List<NewTopic> topics = TopicSetup.read(ROOT.resolve("setup/kafka/topics.conf"));

		assertThat(topics).extracting(NewTopic::name)
			.contains("ticket-order", "ticket-order.DLT", "category-filtered-ticket-order", "suspicious-user");
		NewTopic ticketOrder = topics.stream().filter((t) -> t.name().equals("ticket-order")).findFirst().orElseThrow();
		assertThat(ticketOrder.numPartitions()).isEqualTo(3);
		assertThat(ticketOrder.replicationFactor()).isEqualTo((short) 3);
		assertThat(ticketOrder.configs()).containsEntry("min.insync.replicas", "2");
	}

	@Test
	void shouldRefuseASecondDemoOnTheSameDataFolder(@TempDir Path data) throws IOException {
		try (DemoFolder first = DemoFolder.open(data, false)) {
			assertThatThrownBy(() -> DemoFolder.open(data, false)).isInstanceOf(DemoException.class)
				.hasMessageContaining("Another ./demo is already running");
		}
	}

	@Test
	void shouldStartFromEmptyOnReset(@TempDir Path data) throws IOException {
		try (DemoFolder folder = DemoFolder.open(data, false)) {
			Files.writeString(folder.dir("kafka").resolve("cluster.id"), "old");
		}

		try (DemoFolder folder = DemoFolder.open(data, true)) {
			assertThat(folder.isNew("kafka")).isTrue();
		}
	}

	@Test
	void shouldNameATakenPort() throws IOException {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int port = taken.getLocalPort();

			assertThatThrownBy(() -> Ports.requireFree(port, "order-service")).isInstanceOf(DemoException.class)
				.hasMessageContaining("Port " + port + " (order-service) is already taken");
		}
	}

	@Test
	void shouldRefuseUnknownOptionsWithUsage() {
		assertThat(DemoOptions.parse(ROOT, "--reset", "--infrastructure-only"))
			.isEqualTo(new DemoOptions(ROOT, ROOT.resolve(".demo"), true, true));
		assertThatThrownBy(() -> DemoOptions.parse(ROOT, "--fast")).hasMessageContaining("Unknown option '--fast'")
			.hasMessageContaining("Usage: ./demo");
	}

}
