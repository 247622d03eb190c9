package ticketing.testsupport.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import java.util.UUID;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;


import ticketing.security.kafka.KafkaCredentials;
/**
 * A KRaft cluster of 3 brokers and 1 controller in this JVM, from Kafka's own test kit: real brokers on real sockets,
 * each with its own log directory, replicating over the network. Brokers have ids 0 to 2 and keep their ports across
 * a stop and start.
 * <p>
 * Secured like the demo's cluster: clients sign in with SASL/SCRAM-SHA-512 and {@code StandardAuthorizer} checks
 * every request against ACLs ({@code allow.everyone.if.no.acl.found=false}). The tests' clients sign in as
 * {@link #administrator()}, a super user with a password made for this cluster; a test of ACLs creates users of its
 * own ({@link #createUser}). The brokers talk to each other and to the controller with SASL/PLAIN as the test kit's
 * {@code plain-admin} (set in a JAAS file for the whole JVM, which the clients' own {@code sasl.jaas.config}
 * overrides).
 */
public final class InProcessKafkaCluster implements KafkaTestCluster {

	private final KafkaClusterTestKit cluster;

	private final KafkaCredentials administrator;

	private InProcessKafkaCluster(KafkaClusterTestKit cluster, KafkaCredentials administrator) {
		this.cluster = cluster;
		this.administrator = administrator;
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
				.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
				.setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
				.build();
			KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
			BrokerSettings.PRODUCTION_LIKE.forEach(builder::setConfigProp);
			// The test kit signs the brokers in with PLAIN; clients use SCRAM, like the demo's.
			builder.setConfigProp("sasl.enabled.mechanisms", "PLAIN," + KafkaCredentials.MECHANISM);
			builder.setConfigProp("super.users", "User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:" + ADMINISTRATOR);
			brokerSettings.forEach(builder::setConfigProp);
			KafkaClusterTestKit cluster = builder.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			KafkaCredentials administrator = new KafkaCredentials(ADMINISTRATOR, UUID.randomUUID().toString());
			InProcessKafkaCluster started = new InProcessKafkaCluster(cluster, administrator);
			try (Admin admin = Admin.create(plainClientProperties(cluster.bootstrapServers()))) {
				KafkaTestCluster.upsertUser(admin, administrator);
			}
			started.awaitSignIn(administrator);
			return started;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the in-process Kafka cluster", ex);
		}
	}

	/** A client signed in as the brokers' own super user, to create the first SCRAM user. */
	private static Properties plainClientProperties(String bootstrapServers) {
		Properties props = new Properties();
		props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
		props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
		props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
				+ JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
		return props;
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
	public KafkaCredentials administrator() {
		return administrator;
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
