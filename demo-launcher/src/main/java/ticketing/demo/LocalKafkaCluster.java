package ticketing.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import ticketing.security.kafka.KafkaCredentials;

/**
 * A real KRaft cluster of separate JVMs: one controller and three brokers, each a {@code kafka.Kafka} process with its
 * own log directory, on fixed loopback ports. Broker settings come from {@code setup/kafka/broker.properties}, shared
 * with docker compose and the tests. A broker can be killed and started again on the same data (the fault-injection
 * suite does).
 * <p>
 * Secured: clients sign in with SASL/SCRAM-SHA-512 as the users of {@code setup/demo/demo.properties}
 * ({@code kafka.password.<user>}), whose credentials are written into the cluster's metadata when its storage is
 * formatted, and every request is checked against the ACLs of {@code setup/kafka/access.conf}. {@code admin} and
 * {@code broker} are super users. The brokers also talk to each other with SCRAM, as {@code broker}; to the
 * controller with SASL/PLAIN (SCRAM cannot sign in to a controller: its credentials live in the metadata the
 * controller serves). Plaintext SASL, not TLS: every port is on the loopback interface.
 */
public final class LocalKafkaCluster {

	/** The demo's ports: controller 9093, brokers 1, 2 and 3 on 19092, 29092 and 39092. */
	public static final int CONTROLLER_PORT = 9093;

	/** Broker id to its client port, in the demo. */
	public static final Map<Integer, Integer> BROKER_PORTS = Map.of(1, 19092, 2, 29092, 3, 39092);

	/** The super user of setup/ and the CLI tour. */
	public static final String ADMIN = "admin";

	/** The brokers' own user, among themselves and to the controller. */
	static final String BROKER = "broker";

	/** The client configuration of {@link #ADMIN}, written into the cluster's folder for Kafka's tools. */
	public static final String ADMIN_CLIENT_CONFIG = "admin-client.properties";

	/** Marks storage formatted with the users' SCRAM credentials (a demo folder from before has none). */
	private static final String USERS_MARKER = "scram-users";

	static final int CONTROLLER_ID = 100;

	private final int controllerPort;

	private final Map<Integer, Integer> brokerPorts;

	private final Map<Integer, Process> brokers = new ConcurrentHashMap<>();

	private final Map<Integer, Path> brokerConfigs = new TreeMap<>();

	private ChildProcesses children;

	private Path logs;

	private Path kafkaDir;

	private String classpath;

	private Map<String, KafkaCredentials> users = Map.of();

	public LocalKafkaCluster(int controllerPort, Map<Integer, Integer> brokerPorts) {
		this.controllerPort = controllerPort;
		this.brokerPorts = new TreeMap<>(brokerPorts);
	}

	/** The cluster on the demo's fixed ports. */
	public static LocalKafkaCluster demo() {
		return new LocalKafkaCluster(CONTROLLER_PORT, BROKER_PORTS);
	}

	public String bootstrapServers() {
		return brokerPorts.values().stream().map((port) -> "localhost:" + port).collect(Collectors.joining(","));
	}

	public int controllerPort() {
		return controllerPort;
	}

	/** The super user {@value #ADMIN}, once started. */
	public KafkaCredentials administrator() {
		return user(ADMIN);
	}

	/** A user of the demo's, once started: a service's ({@code order-service}, ...) or {@value #ADMIN}. */
	public KafkaCredentials user(String name) {
		KafkaCredentials user = users.get(name);
		if (user == null) {
			throw new IllegalArgumentException("No Kafka user " + name + "; the users are " + users.keySet());
		}
		return user;
	}

	/** The names of the demo's Kafka users. */
	public List<String> users() {
		return List.copyOf(users.keySet());
	}

	/** The client configuration file of {@value #ADMIN} for Kafka's tools ({@code --command-config}). */
	public Path adminClientConfig() {
		return kafkaDir.resolve(ADMIN_CLIENT_CONFIG);
	}

	/** Bootstrap servers and SASL settings of a client signed in as {@value #ADMIN}. */
	public Properties adminClientProperties() {
		return administrator().clientProperties(bootstrapServers());
	}

	/** The environment that signs a service in as its own user (KAFKA_USERNAME and KAFKA_PASSWORD). */
	public Map<String, String> serviceEnvironment(String service) {
		KafkaCredentials user = user(service);
		return Map.of("KAFKA_USERNAME", user.username(), "KAFKA_PASSWORD", user.password());
	}

	public List<Integer> brokerIds() {
		return List.copyOf(brokerPorts.keySet());
	}

	public void requirePortsFree() {
		Ports.requireFree(controllerPort, "Kafka controller");
		brokerPorts.forEach((id, port) -> Ports.requireFree(port, "Kafka broker " + id));
	}

	/**
	 * Formats the storage (once per data folder) and starts the controller and the brokers, returning when every
	 * broker has registered.
	 * @param kafkaDir  the nodes' data and configuration
	 * @param logs      where each node's output goes (kafka-controller.log, kafka-broker-N.log)
	 * @param classpath a classpath holding Kafka's server (kafka_2.13) and a logger
	 */
	public void start(Path kafkaDir, Path logs, Path setup, ChildProcesses children, String classpath)
			throws IOException {
		this.kafkaDir = kafkaDir;
		this.logs = logs;
		this.children = children;
		this.classpath = classpath;
		this.users = users(load(setup.resolve("demo/demo.properties")));
		requireUsersInStorage(kafkaDir);
		String clusterId = clusterId(kafkaDir);
		Properties brokerSettings = load(setup.resolve("kafka/broker.properties"));

		Map<String, Path> configs = new LinkedHashMap<>();
		configs.put("kafka-controller", write(kafkaDir.resolve("controller.properties"), controller(kafkaDir)));
		for (int id : brokerPorts.keySet()) {
			Properties broker = broker(id, kafkaDir);
			broker.putAll(brokerSettings);
			Path config = write(kafkaDir.resolve("broker-" + id + ".properties"), broker);
			configs.put("kafka-broker-" + id, config);
			brokerConfigs.put(id, config);
		}

		try (PrintStream out = new PrintStream(Files.newOutputStream(logs.resolve("kafka-format.log")), true,
				StandardCharsets.UTF_8)) {
			for (Map.Entry<String, Path> config : configs.entrySet()) {
				List<String> format = new ArrayList<>(List.of("format", "--cluster-id", clusterId, "--config",
						config.getValue().toString(), "--ignore-formatted"));
				if (config.getKey().equals("kafka-controller")) {
					// The users' credentials, in the metadata the cluster starts with
					users.values()
						.forEach((user) -> format.addAll(List.of("--add-scram", KafkaCredentials.MECHANISM + "=[name="
								+ user.username() + ",password=" + user.password() + "]")));
				}
				int exit = StorageTool.execute(format.toArray(String[]::new), out);
				if (exit != 0) {
					throw new DemoException("Formatting Kafka storage with " + config.getValue() + " failed; see "
							+ logs.resolve("kafka-format.log"));
				}
			}
		}

		List<Process> processes = new ArrayList<>();
		processes.add(startNode("kafka-controller", ChildProcesses.Stage.CONTROLLER, configs.get("kafka-controller")));
		for (int id : brokerPorts.keySet()) {
			Process broker = startNode("kafka-broker-" + id, ChildProcesses.Stage.BROKER, brokerConfigs.get(id));
			brokers.put(id, broker);
			processes.add(broker);
		}
		Files.writeString(kafkaDir.resolve(USERS_MARKER), String.join("\n", users.keySet()) + "\n");
		Files.writeString(kafkaDir.resolve(ADMIN_CLIENT_CONFIG),
				"# Kafka's tools signed in as the demo's admin: --command-config " + kafkaDir.resolve(ADMIN_CLIENT_CONFIG)
						+ "\n" + administrator().configFile(bootstrapServers()));
		awaitBrokers(processes, brokerPorts.keySet().stream().toList());
	}

	private static Map<String, KafkaCredentials> users(Properties demoSettings) {
		Map<String, KafkaCredentials> users = new TreeMap<>();
		String prefix = "kafka.password.";
		demoSettings.stringPropertyNames()
			.stream()
			.filter((key) -> key.startsWith(prefix))
			.forEach((key) -> users.put(key.substring(prefix.length()),
					new KafkaCredentials(key.substring(prefix.length()), demoSettings.getProperty(key))));
		for (String required : List.of(ADMIN, BROKER)) {
			if (!users.containsKey(required)) {
				throw new DemoException("setup/demo/demo.properties has no kafka.password." + required);
			}
		}
		return users;
	}

	/** Kafka storage formatted before the demo had users would refuse every client: say so, and what to do. */
	private static void requireUsersInStorage(Path kafkaDir) {
		if (Files.exists(kafkaDir.resolve("cluster.id")) && !Files.exists(kafkaDir.resolve(USERS_MARKER))) {
			throw new DemoException("The Kafka data in " + kafkaDir + " was made before Kafka had users and ACLs, "
					+ "and would refuse every client. Start from empty: ./demo --reset");
		}
	}

	/** Kills the broker's JVM at once (SIGKILL: no controlled shutdown, nothing flushed) and waits until it is gone. */
	public void killBroker(int id) throws InterruptedException {
		Process broker = brokers.get(id);
		if (broker != null) {
			broker.destroyForcibly().waitFor();
		}
	}

	/** Starts a broker again on its data, after {@link #killBroker}; returns when it has registered again. */
	public void restartBroker(int id) {
		Process broker = startNode("kafka-broker-" + id, ChildProcesses.Stage.BROKER, brokerConfigs.get(id));
		brokers.put(id, broker);
		awaitBrokers(List.of(broker), List.of(id));
	}

	private Process startNode(String name, ChildProcesses.Stage stage, Path config) {
		return children.startJava(name, stage,
				List.of("-Xms128m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
						"-Dorg.slf4j.simpleLogger.log.state.change.logger=warn", "-cp", classpath, "kafka.Kafka",
						config.toString()),
				logs.resolve(name + ".log"), kafkaDir, Map.of());
	}

	private void awaitBrokers(List<Process> processes, List<Integer> ids) {
		Properties props = adminClientProperties();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		try (Admin admin = Admin.create(props)) {
			while (Instant.now().isBefore(deadline)) {
				if (processes.stream().anyMatch((p) -> !p.isAlive())) {
					throw new DemoException("A Kafka node stopped while starting; its log is in " + logs);
				}
				try {
					List<Integer> registered = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
					if (registered.containsAll(ids)) {
						return;
					}
				}
				catch (Exception ex) {
					// not up yet
				}
				Thread.sleep(500);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new DemoException("The Kafka brokers " + ids + " did not all register within 2 minutes; see the logs in "
				+ logs);
	}

	private Properties controller(Path kafkaDir) {
		Properties props = new Properties();
		props.put("process.roles", "controller");
		props.put("node.id", Integer.toString(CONTROLLER_ID));
		props.put("controller.quorum.voters", voters());
		props.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
		props.put("controller.listener.names", "CONTROLLER");
		props.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT");
		props.put("sasl.enabled.mechanisms", "PLAIN");
		props.put("sasl.mechanism.controller.protocol", "PLAIN");
		props.put("listener.name.controller.plain.sasl.jaas.config", controllerJaas());
		props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
		props.put("allow.everyone.if.no.acl.found", "false");
		props.put("super.users", superUsers());
		props.put("log.dirs", kafkaDir.resolve("controller-data").toString());
		return props;
	}

	/** The controller's one PLAIN user, and the brokers' sign-in to it. */
	private String controllerJaas() {
		KafkaCredentials broker = user(BROKER);
		return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + broker.username()
				+ "\" password=\"" + broker.password() + "\" user_" + broker.username() + "=\"" + broker.password()
				+ "\";";
	}

	private static String superUsers() {
		return "User:" + ADMIN + ";User:" + BROKER;
	}

	private Properties broker(int id, Path kafkaDir) {
		int port = brokerPorts.get(id);
		Properties props = new Properties();
		props.put("process.roles", "broker");
		props.put("node.id", Integer.toString(id));
		props.put("controller.quorum.voters", voters());
		props.put("controller.listener.names", "CONTROLLER");
		props.put("listeners", "CLIENT://127.0.0.1:" + port);
		props.put("advertised.listeners", "CLIENT://localhost:" + port);
		props.put("inter.broker.listener.name", "CLIENT");
		props.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT");
		props.put("sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
		props.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
		KafkaCredentials broker = user(BROKER);
		props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
				"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + broker.username()
						+ "\" password=\"" + broker.password() + "\";");
		props.put("sasl.mechanism.controller.protocol", "PLAIN");
		props.put("listener.name.controller.plain.sasl.jaas.config", controllerJaas());
		props.put("super.users", superUsers());
		props.put("log.dirs", kafkaDir.resolve("broker-" + id + "-data").toString());
		return props;
	}

	private String voters() {
		return CONTROLLER_ID + "@127.0.0.1:" + controllerPort;
	}

	/** One cluster id for the life of the data folder: formatting is skipped for storage formatted before. */
	private static String clusterId(Path kafkaDir) throws IOException {
		Path file = kafkaDir.resolve("cluster.id");
		if (!Files.exists(file)) {
			Files.writeString(file, Uuid.randomUuid().toString());
		}
		return Files.readString(file).trim();
	}

	private static Path write(Path file, Properties props) throws IOException {
		try (var writer = Files.newBufferedWriter(file)) {
			props.store(writer, "written by ./demo");
		}
		return file;
	}

	public static Properties load(Path file) throws IOException {
		Properties props = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			props.load(reader);
		}
		return props;
	}

}
