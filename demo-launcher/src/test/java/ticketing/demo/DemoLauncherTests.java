package ticketing.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
	void shouldWaitOutAClientConnectionWhoseLocalEndHoldsThePort() throws Exception {
		// Given a port held as the local end of an outgoing connection (as the kernel hands out ports in the
		// ephemeral range, where 39092 lies), nothing listening on it
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket server = new ServerSocket(0, 50, loopback); Socket client = new Socket()) {
			client.bind(new InetSocketAddress(loopback, 0));
			int port = client.getLocalPort();
			client.connect(server.getLocalSocketAddress());
			Socket accepted = server.accept();

			// When the connection ends a moment later, closed by the server's side (so no TIME_WAIT holds the port)
			CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
				closeQuietly(accepted);
				closeAfterEndOfStream(client);
			}, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

			// Then the check waits for it instead of failing, and the port can be bound
			Ports.requireFree(port, "Kafka broker 3");
			assertThat(closed).isDone();
		}
	}

	/** Closes once the peer's close has arrived: the client's side then leaves no TIME_WAIT on its port. */
	private static void closeAfterEndOfStream(Socket socket) {
		try (socket) {
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
