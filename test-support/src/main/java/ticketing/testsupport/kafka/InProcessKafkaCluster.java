package ticketing.testsupport.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A KRaft cluster of 3 brokers and 1 controller in this JVM, from Kafka's own test kit: real brokers on real sockets,
 * each with its own log directory, replicating over the network. Brokers have ids 0 to 2 and keep their ports across
 * a stop and start.
 */
public final class InProcessKafkaCluster implements KafkaTestCluster {

	private final KafkaClusterTestKit cluster;

	private InProcessKafkaCluster(KafkaClusterTestKit cluster) {
		this.cluster = cluster;
	}

	public static InProcessKafkaCluster start() {
		return start(Map.of());
	}

	/**
	 * A cluster of its own for a test that needs brokers set otherwise (for example a retention check every second);
	 * {@link #shutdown()} it once its clients are closed.
	 * @param brokerSettings broker settings on top of the production-like ones
	 */
	public static InProcessKafkaCluster start(Map<String, String> brokerSettings) {
		try {
			TestKitNodes nodes = new TestKitNodes.Builder().setBaseDirectory(baseDirectory())
				.setCombined(false)
				.setNumBrokerNodes(BROKERS)
				.setNumControllerNodes(1)
				.setBootstrapMetadataVersion(MetadataVersion.latestProduction())
				.build();
			KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
			BrokerSettings.PRODUCTION_LIKE.forEach(builder::setConfigProp);
			brokerSettings.forEach(builder::setConfigProp);
			KafkaClusterTestKit cluster = builder.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new InProcessKafkaCluster(cluster);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the in-process Kafka cluster", ex);
		}
	}

	/**
	 * Under the build's {@code target/} folder, not {@code /tmp}: the cluster lives as long as the test JVM and is
	 * not stopped at exit (see {@link #close()}), so its logs must be where {@code mvn clean} finds them.
	 */
	private static Path baseDirectory() throws IOException {
		Path target = Path.of("target");
		Path parent = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
		return Files.createTempDirectory(parent, "kafka-test-cluster-");
	}

	@Override
	public String bootstrapServers() {
		return cluster.bootstrapServers();
	}

	@Override
	public List<Integer> brokerIds() {
		return List.copyOf(cluster.brokers().keySet());
	}

	@Override
	public void stopBroker(int brokerId) {
		BrokerServer broker = broker(brokerId);
		broker.shutdown();
		broker.awaitShutdown();
	}

	@Override
	public void startBroker(int brokerId) {
		broker(brokerId).startup();
		// Not cluster.waitForReadyBrokers(): it waits for every broker, including others still stopped.
		awaitBrokerRunning(brokerId);
	}

	private BrokerServer broker(int brokerId) {
		BrokerServer broker = cluster.brokers().get(brokerId);
		if (broker == null) {
			throw new IllegalArgumentException("No broker " + brokerId + "; the brokers are " + brokerIds());
		}
		return broker;
	}

	/** Stops every broker and the controller: for a cluster of one test's own, after its clients are closed. */
	public void shutdown() {
		try {
			cluster.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop the in-process Kafka cluster", ex);
		}
	}

	/**
	 * Does nothing: the JVM's exit ends the brokers. A controlled shutdown of a whole cluster at exit races with the
	 * clients of Spring test contexts closing at the same moment, and can hang or fail the test JVM's exit.
	 */
	@Override
	public void close() {
	}

}
