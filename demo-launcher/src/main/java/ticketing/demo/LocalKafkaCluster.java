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
import java.util.stream.Collectors;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real KRaft cluster of separate JVMs: one controller and three brokers, each a {@code kafka.Kafka} process with its
 * own log directory under the demo folder, on fixed loopback ports. Broker settings come from
 * {@code setup/kafka/broker.properties}, shared with docker compose and the tests.
 */
final class LocalKafkaCluster {

	static final int CONTROLLER_ID = 100;

	static final int CONTROLLER_PORT = 9093;

	/** Broker id to its client port. */
	static final Map<Integer, Integer> BROKER_PORTS = Map.of(1, 19092, 2, 29092, 3, 39092);

	static final String BOOTSTRAP_SERVERS = BROKER_PORTS.values()
		.stream()
		.sorted()
		.map((port) -> "localhost:" + port)
		.collect(Collectors.joining(","));

	private LocalKafkaCluster() {
	}

	static void requirePortsFree() {
		Ports.requireFree(CONTROLLER_PORT, "Kafka controller");
		BROKER_PORTS.forEach((id, port) -> Ports.requireFree(port, "Kafka broker " + id));
	}

	static void start(DemoFolder folder, Path setup, ChildProcesses children, String classpath) throws IOException {
		Path kafkaDir = folder.dir("kafka");
		Path logs = folder.dir("logs");
		String clusterId = clusterId(kafkaDir);
		Properties brokerSettings = load(setup.resolve("kafka/broker.properties"));

		Map<String, Path> configs = new LinkedHashMap<>();
		configs.put("kafka-controller", write(kafkaDir.resolve("controller.properties"), controller(kafkaDir)));
		for (int id : BROKER_PORTS.keySet().stream().sorted().toList()) {
			Properties broker = broker(id, kafkaDir);
			broker.putAll(brokerSettings);
			configs.put("kafka-broker-" + id, write(kafkaDir.resolve("broker-" + id + ".properties"), broker));
		}

		try (PrintStream out = new PrintStream(Files.newOutputStream(logs.resolve("kafka-format.log")), true,
				StandardCharsets.UTF_8)) {
			for (Path config : configs.values()) {
				int exit = StorageTool.execute(new String[] { "format", "--cluster-id", clusterId, "--config",
						config.toString(), "--ignore-formatted" }, out);
				if (exit != 0) {
					throw new DemoException("Formatting Kafka storage with " + config + " failed; see "
							+ logs.resolve("kafka-format.log"));
				}
			}
		}

		List<Process> processes = new ArrayList<>();
		configs.forEach((name, config) -> processes.add(children.startJava(name,
				name.equals("kafka-controller") ? ChildProcesses.Stage.CONTROLLER : ChildProcesses.Stage.BROKER,
				List.of("-Xms128m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
						"-Dorg.slf4j.simpleLogger.log.state.change.logger=warn", "-cp", classpath, "kafka.Kafka",
						config.toString()),
				logs.resolve(name + ".log"), kafkaDir, Map.of())));
		awaitBrokers(processes, logs);
	}

	private static void awaitBrokers(List<Process> processes, Path logs) {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		try (Admin admin = Admin.create(props)) {
			while (Instant.now().isBefore(deadline)) {
				if (processes.stream().anyMatch((p) -> !p.isAlive())) {
					throw new DemoException("A Kafka node stopped while starting; its log is in " + logs);
				}
				try {
					if (admin.describeCluster().nodes().get().size() == BROKER_PORTS.size()) {
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
		throw new DemoException("The Kafka brokers did not all register within 2 minutes; see the logs in " + logs);
	}

	private static Properties controller(Path kafkaDir) {
		Properties props = new Properties();
		props.put("process.roles", "controller");
		props.put("node.id", Integer.toString(CONTROLLER_ID));
		props.put("controller.quorum.voters", voters());
		props.put("listeners", "CONTROLLER://127.0.0.1:" + CONTROLLER_PORT);
		props.put("controller.listener.names", "CONTROLLER");
		props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
		props.put("log.dirs", kafkaDir.resolve("controller-data").toString());
		return props;
	}

	private static Properties broker(int id, Path kafkaDir) {
		int port = BROKER_PORTS.get(id);
		Properties props = new Properties();
		props.put("process.roles", "broker");
		props.put("node.id", Integer.toString(id));
		props.put("controller.quorum.voters", voters());
		props.put("controller.listener.names", "CONTROLLER");
		props.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
		props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		props.put("log.dirs", kafkaDir.resolve("broker-" + id + "-data").toString());
		return props;
	}

	private static String voters() {
		return CONTROLLER_ID + "@127.0.0.1:" + CONTROLLER_PORT;
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

	static Properties load(Path file) throws IOException {
		Properties props = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			props.load(reader);
		}
		return props;
	}

}
