package ticketing.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it consistent with what does run: the local
 * demo's ports, the Kafka version of the build, the broker settings of setup/, health-ordered start, pinned images and
 * no credentials outside .env.
 */
@SuppressWarnings("unchecked")
class DockerComposeTests {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	private final Map<String, Object> compose = load();

	private final Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

	@Test
	void shouldRunTheKafkaVersionOfTheBuild() {
		assertThat(services).allSatisfy((name, service) -> {
			String image = (String) service.get("image");
			if (image != null && image.startsWith("apache/kafka:")) {
				assertThat(image).as(name).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
			}
		});
	}

	@Test
	void shouldPublishTheBrokersOnTheDemosPorts() {
		LocalKafkaCluster.BROKER_PORTS.forEach((id, port) -> {
			Map<String, Object> broker = services.get("kafka-" + id);
			assertThat(broker).as("service kafka-" + id).isNotNull();
			assertThat((List<String>) broker.get("ports")).containsExactly(port + ":" + port);
			assertThat(env(broker)).containsEntry("KAFKA_NODE_ID", Integer.toString(id))
				.containsEntry("KAFKA_ADVERTISED_LISTENERS",
						"INTERNAL://kafka-" + id + ":9092,EXTERNAL://localhost:" + port);
		});
	}

	@Test
	void shouldGiveEveryBrokerTheSettingsOfSetup() throws IOException {
		Properties settings = LocalKafkaCluster.load(ROOT.resolve("setup/kafka/broker.properties"));

		for (int id : LocalKafkaCluster.BROKER_PORTS.keySet()) {
			Map<String, String> env = env(services.get("kafka-" + id));
			settings.forEach((key, value) -> assertThat(env).as("kafka-" + id)
				.containsEntry("KAFKA_" + key.toString().toUpperCase().replace('.', '_'), value.toString()));
		}
	}

	@Test
	void shouldUseTheSamePortsAsTheLocalDemo() {
		assertThat(ports("order-service")).containsExactly("8080:8080");
		assertThat(ports("notification-service")).containsExactly("8081:8081");
		assertThat(ports("analytics-service")).containsExactly("8082:8082");
		assertThat(ports("minio")).containsExactly(LocalS3Server.PORT + ":9000", "9001:9001");
		assertThat(ports("postgres")).containsExactly(LocalStores.POSTGRES_PORT + ":5432");
		assertThat(ports("redis")).containsExactly(LocalStores.REDIS_PORT + ":6379");
	}

	@Test
	void shouldCreateTheTopicsAndTheBucketOfSetup() throws IOException {
		assertThat(services.get("kafka-setup").get("entrypoint").toString()).contains("/setup/kafka/create-topics.sh");
		assertThat((List<String>) services.get("kafka-setup").get("volumes")).contains("./setup:/setup:ro");
		String bucket = Files.readAllLines(ROOT.resolve("setup/s3/bucket.conf"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.findFirst()
			.orElseThrow();
		assertThat(dotEnv()).containsEntry("S3_BUCKET", bucket);
		assertThat(LocalKafkaCluster.load(ROOT.resolve("setup/demo/demo.properties")).getProperty("s3.bucket"))
			.as("the local demo's bucket")
			.isEqualTo(bucket);
	}

	@Test
	void shouldStartEachContainerOnlyAfterWhatItNeedsIsHealthyOrDone() {
		assertThat(services).allSatisfy((name, service) -> {
			Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
			if (dependsOn != null) {
				assertThat(dependsOn.values()).as(name)
					.allSatisfy((dependency) -> assertThat(dependency.get("condition")).isIn("service_healthy",
							"service_completed_successfully"));
				dependsOn.forEach((dependency, condition) -> {
					if (condition.get("condition").equals("service_healthy")) {
						assertThat(services.get(dependency)).as(dependency + " has a health check")
							.containsKey("healthcheck");
					}
				});
			}
		});
		assertThat(List.of("order-service", "notification-service", "analytics-service"))
			.allSatisfy((service) -> assertThat(services.get(service)).containsKey("healthcheck"));
	}

	@Test
	void shouldPinEveryImageAndBuildTheServicesFromThisRepository() {
		assertThat(services).allSatisfy((name, service) -> {
			if (service.containsKey("build")) {
				assertThat(((Map<String, Object>) service.get("build")).get("context")).isEqualTo(".");
			}
			else {
				assertThat((String) service.get("image")).as(name).matches("[^:]+:[^:]+").doesNotEndWith(":latest");
			}
		});
	}

	@Test
	void shouldTakeEveryCredentialFromDotEnv() throws IOException {
		String text = Files.readString(ROOT.resolve("docker-compose.yml"));
		Matcher variables = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(text);
		Map<String, String> dotEnv = dotEnv();
		while (variables.find()) {
			assertThat(dotEnv).as("variable " + variables.group(1) + " is defined in .env").containsKey(variables.group(1));
		}
		assertThat(services).allSatisfy((name, service) -> env(service).forEach((key, value) -> {
			if (key.matches(".*(PASSWORD|SECRET|_USER|_KEY)$")) {
				assertThat(value).as(name + " " + key).startsWith("${");
			}
		}));
	}

	/** Where Debian's docker-compose (1.29) or Docker's compose plugin is installed (CI installs the first), it validates too. */
	@Test
	void shouldBeAValidComposeFile() throws Exception {
		List<String> command = compose();
		Assumptions.assumeTrue(command != null, "neither docker-compose nor docker compose is installed");
		List<String> validate = new java.util.ArrayList<>(command);
		validate.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
		Process process = new ProcessBuilder(validate).directory(ROOT.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as("%s says:%n%s", String.join(" ", validate), output).isZero();
	}

	private static List<String> compose() throws Exception {
		for (List<String> candidate : List.of(List.of("docker-compose", "version"), List.of("docker", "compose", "version"))) {
			try {
				Process probe = new ProcessBuilder(candidate).redirectErrorStream(true).start();
				probe.getInputStream().readAllBytes();
				if (probe.waitFor() == 0) {
					return candidate.subList(0, candidate.size() - 1);
				}
			}
			catch (IOException ex) {
				// not installed
			}
		}
		return null;
	}

	private List<String> ports(String service) {
		return (List<String>) services.get(service).get("ports");
	}

	private static Map<String, String> env(Map<String, Object> service) {
		Map<String, Object> env = (Map<String, Object>) service.getOrDefault("environment", Map.of());
		Map<String, String> strings = new java.util.HashMap<>();
		env.forEach((key, value) -> strings.put(key, String.valueOf(value)));
		return strings;
	}

	private static Map<String, String> dotEnv() throws IOException {
		Properties env = new Properties();
		try (Reader reader = Files.newBufferedReader(ROOT.resolve(".env"))) {
			env.load(reader);
		}
		Map<String, String> values = new java.util.HashMap<>();
		env.forEach((key, value) -> values.put(key.toString(), value.toString()));
		return values;
	}

	private static Map<String, Object> load() {
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
			return new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
