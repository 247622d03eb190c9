package ticketing.testsupport.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.apache.kafka.common.Uuid;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import ticketing.security.kafka.KafkaCredentials;
import ticketing.testsupport.ContainerImages;

/**
 * The same cluster as {@link InProcessKafkaCluster} in Docker: one KRaft controller and three brokers of the official
 * {@code apache/kafka} image at the version of the Kafka clients on the classpath. Each broker is published on a
 * fixed host port chosen at start, so that a broker stopped and started again keeps its advertised address.
 * <p>
 * Secured like the in-process cluster for the tests' clients: the published listener takes SASL/SCRAM-SHA-512 only,
 * and ACLs are checked. The nodes talk to each other on plaintext listeners of the containers' own network, which
 * nothing outside it reaches; there they are {@code User:ANONYMOUS}, a super user.
 */
public final class ContainerKafkaCluster implements KafkaTestCluster {

	private static final int CONTROLLER_ID = 3000;

	private static final int EXTERNAL_PORT = 9092;

	private final Network network;

	private final GenericContainer<?> controller;

	private final Map<Integer, GenericContainer<?>> brokers;

	private final Map<Integer, Integer> hostPorts;

	private final KafkaCredentials administrator;

	private ContainerKafkaCluster(Network network, GenericContainer<?> controller,
			Map<Integer, GenericContainer<?>> brokers, Map<Integer, Integer> hostPorts,
			KafkaCredentials administrator) {
		this.network = network;
		this.controller = controller;
		this.brokers = brokers;
		this.hostPorts = hostPorts;
		this.administrator = administrator;
	}

	@SuppressWarnings("resource") // closed in close()
	public static ContainerKafkaCluster start() {
		DockerImageName image = ContainerImages.KAFKA;
		String clusterId = Uuid.randomUuid().toString();
		Network network = Network.newNetwork();
		String voters = CONTROLLER_ID + "@controller:9093";

		Map<String, String> common = new LinkedHashMap<>();
		common.put("CLUSTER_ID", clusterId);
		common.put("KAFKA_CONTROLLER_QUORUM_VOTERS", voters);
		common.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
		common.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
				"CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:" + KafkaCredentials.SECURITY_PROTOCOL);
		BrokerSettings.PRODUCTION_LIKE.forEach((key, value) -> common.put(environmentName(key), value));
		common.put("KAFKA_SUPER_USERS", "User:ANONYMOUS;User:" + ADMINISTRATOR);
		common.put("KAFKA_SASL_ENABLED_MECHANISMS", KafkaCredentials.MECHANISM);
		// The image's names: a dash in a setting is two underscores.
		common.put("KAFKA_LISTENER_NAME_EXTERNAL_SCRAM__SHA__512_SASL_JAAS_CONFIG",
				"org.apache.kafka.common.security.scram.ScramLoginModule required;");

		GenericContainer<?> controller = new GenericContainer<>(image).withNetwork(network)
			.withNetworkAliases("controller")
			.withEnv(common)
			.withEnv("KAFKA_NODE_ID", Integer.toString(CONTROLLER_ID))
			.withEnv("KAFKA_PROCESS_ROLES", "controller")
			.withEnv("KAFKA_LISTENERS", "CONTROLLER://:9093")
			.waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));

		Map<Integer, GenericContainer<?>> brokers = new LinkedHashMap<>();
		Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
		for (int id = 0; id < BROKERS; id++) {
			int hostPort = freePort();
			hostPorts.put(id, hostPort);
			GenericContainer<?> broker = new GenericContainer<>(image).withNetwork(network)
				.withNetworkAliases("broker-" + id)
				.withEnv(common)
				.withEnv("KAFKA_NODE_ID", Integer.toString(id))
				.withEnv("KAFKA_PROCESS_ROLES", "broker")
				.withEnv("KAFKA_LISTENERS", "INTERNAL://:19092,EXTERNAL://:" + EXTERNAL_PORT)
				.withEnv("KAFKA_ADVERTISED_LISTENERS",
						"INTERNAL://broker-" + id + ":19092,EXTERNAL://localhost:" + hostPort)
				.withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL")
				.withExposedPorts(EXTERNAL_PORT)
				.withCreateContainerCmdModifier((cmd) -> cmd.getHostConfig()
					.withPortBindings(
							new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(EXTERNAL_PORT))))
				.dependsOn(controller)
				.waitingFor(
						Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
			brokers.put(id, broker);
		}
		Startables.deepStart(brokers.values()).join();
		KafkaCredentials administrator = new KafkaCredentials(ADMINISTRATOR, UUID.randomUUID().toString());
		createAdministrator(brokers.get(0), administrator);
		ContainerKafkaCluster cluster = new ContainerKafkaCluster(network, controller, brokers, hostPorts,
				administrator);
		cluster.awaitSignIn(administrator);
		cluster.brokerIds().forEach(cluster::awaitBrokerRunning);
		return cluster;
	}

	/** With Kafka's own tool in a broker, over its plaintext listener of the containers' network. */
	private static void createAdministrator(GenericContainer<?> broker, KafkaCredentials administrator) {
		try {
			var result = broker.execInContainer("/opt/kafka/bin/kafka-configs.sh", "--bootstrap-server",
					"localhost:19092", "--alter", "--entity-type", "users", "--entity-name", administrator.username(),
					"--add-config", "SCRAM-SHA-512=[iterations=4096,password=" + administrator.password() + "]");
			if (result.getExitCode() != 0) {
				throw new IllegalStateException("Could not create the Kafka user " + administrator.username() + ": "
						+ result.getStderr());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create the Kafka user " + administrator.username(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String bootstrapServers() {
		return hostPorts.values().stream().map((port) -> "localhost:" + port).collect(Collectors.joining(","));
	}

	@Override
	public KafkaCredentials administrator() {
		return administrator;
	}

	@Override
	public List<Integer> brokerIds() {
		return List.copyOf(brokers.keySet());
	}

	@Override
	public void stopBroker(int brokerId) {
		DockerClientFactory.instance()
			.client()
			.stopContainerCmd(container(brokerId).getContainerId())
			.withTimeout(60)
			.exec();
	}

	@Override
	public void startBroker(int brokerId) {
		DockerClientFactory.instance().client().startContainerCmd(container(brokerId).getContainerId()).exec();
		awaitBrokerRunning(brokerId);
	}

	private GenericContainer<?> container(int brokerId) {
		GenericContainer<?> broker = brokers.get(brokerId);
		if (broker == null) {
			throw new IllegalArgumentException("No broker " + brokerId + "; the brokers are " + brokerIds());
		}
		return broker;
	}

	@Override
	public void close() {
		brokers.values().forEach(GenericContainer::stop);
		controller.stop();
		network.close();
	}

	private static String environmentName(String brokerSetting) {
		return "KAFKA_" + brokerSetting.toUpperCase(Locale.ROOT).replace('.', '_');
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port for a Kafka broker", ex);
		}
	}

}
