package ticketing.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import ticketing.security.issuer.TokenIssuer;
import ticketing.testsupport.ContainerImages;
import ticketing.testsupport.metrics.GrafanaDashboard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it consistent with what does run: the local
 * demo's ports, the Kafka version of the build, the broker settings of setup/, health-ordered start, pinned images and
 * no credentials outside .env.
 */
@SuppressWarnings("unchecked")
class DockerComposeTests {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	private static final String LOOPBACK = "127.0.0.1:";

	/**
	 * The repositories images may come from, each with the registry known to serve it (Docker Hub stopped serving
	 * minio/minio and minio/mc in September 2026; provectuslabs/kafka-ui is unmaintained, kafbat/kafka-ui is its
	 * fork). An image from anywhere else must be checked and added here, with where it comes from.
	 */
	private static final Map<String, String> SERVED_REPOSITORIES = Map.of(
			"docker.io/apache/kafka", "Apache Kafka's official image, Docker Hub",
			"docker.io/library/postgres", "Docker Official Image",
			"docker.io/library/redis", "Docker Official Image",
			"docker.io/library/eclipse-temurin", "Docker Official Image (Adoptium), the Dockerfile's JDK and JRE",
			"docker.io/kafbat/kafka-ui", "kafbat's releases on Docker Hub",
			"docker.io/jaegertracing/jaeger", "the Jaeger project's releases on Docker Hub",
			"quay.io/minio/minio", "MinIO's own registry, its last community release",
			"quay.io/minio/mc", "MinIO's own registry",
			"docker.io/prom/prometheus", "Prometheus's releases on Docker Hub",
			"docker.io/grafana/grafana", "Grafana Labs' releases on Docker Hub");

	/** A release: a version number (with a variant suffix) or MinIO's RELEASE timestamp; never latest or a branch. */
	private static final Pattern PINNED_TAG = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)?([._-][A-Za-z0-9._-]+)?|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T[0-9-]+Z");

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
			assertThat((List<String>) broker.get("ports")).containsExactly("127.0.0.1:" + port + ":" + port);
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
		assertThat(ports("order-service")).containsExactly(LOOPBACK + "8080:8080");
		assertThat(ports("notification-service")).containsExactly(LOOPBACK + "8081:8081");
		assertThat(ports("analytics-service")).containsExactly(LOOPBACK + "8082:8082");
		assertThat(ports("minio")).containsExactly(LOOPBACK + LocalS3Server.PORT + ":9000", LOOPBACK + "9001:9001");
		assertThat(ports("postgres")).containsExactly(LOOPBACK + LocalStores.POSTGRES_PORT + ":5432");
		assertThat(ports("redis")).containsExactly(LOOPBACK + LocalStores.REDIS_PORT + ":6379");
	}

	@Test
	void shouldScrapeEveryServiceForTheDashboardGrafanaShows() throws IOException {
		// Prometheus scrapes each service's /actuator/prometheus where compose runs it, under the service's name
		Map<String, Object> prometheus = yaml(ROOT.resolve("setup/prometheus/prometheus.yml"));
		Map<String, String> targets = new java.util.TreeMap<>();
		for (Map<String, Object> scrape : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
			assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
			List<Map<String, Object>> configs = (List<Map<String, Object>>) scrape.get("static_configs");
			targets.put((String) scrape.get("job_name"), ((List<String>) configs.get(0).get("targets")).get(0));
		}
		assertThat(targets).containsExactly(Map.entry("analytics-service", "analytics-service:8082"),
				Map.entry("notification-service", "notification-service:8081"),
				Map.entry("order-service", "order-service:8080"));
		// and the services log one JSON document per line in containers, for a log collector
		for (String service : List.of("order-service", "notification-service", "analytics-service")) {
			assertThat(env(services.get(service))).as(service).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
			// and send their spans to Jaeger, which runs whenever they do (not in a profile), at its OTLP/HTTP port
			assertThat(env(services.get(service))).as(service)
				.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
		}
		assertThat(services.get("jaeger")).doesNotContainKey("profiles");
		assertThat(ports("jaeger")).containsExactly(LOOPBACK + "16686:16686");
		assertThat(services.get("prometheus")).containsEntry("profiles", List.of("metrics"));
		assertThat(services.get("grafana")).containsEntry("profiles", List.of("metrics"));
		assertThat(services.get("prometheus").get("volumes")).isEqualTo(
				List.of("./setup/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
						"token-keys:/etc/ticketing/token-keys:ro"));
		// and scrapes as an operator (the meters need the role), with the token prometheus-token writes into the
		// volume of the demo's signing key before Prometheus starts
		for (Map<String, Object> scrape : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
			assertThat((Map<String, Object>) scrape.get("authorization"))
				.containsEntry("credentials_file", "/etc/ticketing/token-keys/prometheus.token");
		}
		assertThat(services.get("prometheus-token").get("entrypoint").toString())
			.contains("token /keys --operator", "> /keys/prometheus.token");
		assertThat((List<String>) services.get("prometheus-token").get("volumes")).contains("token-keys:/keys");

		// and the dashboard selects every series by one of those jobs (each service's test checks that the service
		// exposes what the dashboard shows of it), from the data source Grafana is given, mounted where it is read
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		assertThat(dashboard.metricsByJob().keySet()).isEqualTo(targets.keySet());
		Map<String, Object> datasource = ((List<Map<String, Object>>) yaml(
				ROOT.resolve("setup/grafana/provisioning/datasources/prometheus.yml")).get("datasources")).get(0);
		assertThat(datasource).containsEntry("uid", "prometheus").containsEntry("url", "http://prometheus:9090");
		assertThat(Files.readString(ROOT.resolve(GrafanaDashboard.PATH)))
			.doesNotContainPattern("\"uid\":\\s*\"(?!prometheus\"|ticketing-order-flow\")");
		Map<String, Object> provider = ((List<Map<String, Object>>) yaml(
				ROOT.resolve("setup/grafana/provisioning/dashboards/ticketing.yml")).get("providers")).get(0);
		assertThat((Map<String, Object>) provider.get("options")).containsEntry("path", "/var/lib/grafana/dashboards");
		assertThat((List<String>) services.get("grafana").get("volumes")).containsExactlyInAnyOrder(
				"./setup/grafana/provisioning:/etc/grafana/provisioning:ro",
				"./setup/grafana/dashboards:/var/lib/grafana/dashboards:ro");
	}

	@Test
	void shouldPublishPortsOnThisMachineOnly() {
		// Demo credentials and PLAINTEXT Kafka must not be reachable from the network the laptop is on.
		assertThat(services).allSatisfy((name, service) -> assertThat(
				(List<String>) service.getOrDefault("ports", List.of()))
			.as(name)
			.allSatisfy((port) -> assertThat(port).startsWith(LOOPBACK)));
	}

	@Test
	void shouldCreateTheTopicsAndTheBucketOfSetup() throws IOException {
		assertThat(services.get("kafka-setup").get("entrypoint").toString()).contains("/setup/kafka/setup-cluster.sh");
		assertThat(Files.readString(ROOT.resolve("setup/kafka/setup-cluster.sh"))).contains("create-users.sh",
				"create-topics.sh", "create-acls.sh");
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
		// a service is healthy when it can serve: its readiness probe (PostgreSQL, Redis, S3, Kafka Streams)
		assertThat(List.of("order-service", "notification-service", "analytics-service"))
			.allSatisfy((service) -> assertThat(services.get(service).get("healthcheck").toString())
				.contains("/actuator/health/readiness"));
	}

	@Test
	void shouldBuildTheServicesFromThisRepository() {
		assertThat(List.of("order-service", "notification-service", "analytics-service")).allSatisfy((name) -> {
			assertThat(services.get(name)).doesNotContainKey("image");
			assertThat(((Map<String, Object>) services.get(name).get("build")).get("context")).isEqualTo(".");
		});
	}

	@Test
	void shouldTakeEveryImageAsAPinnedReleaseFromARegistryThatServesIt() throws IOException {
		// Given every image: of compose, of the Dockerfile, and of the tests' containers (the container mode)
		List<String> images = new java.util.ArrayList<>();
		services.forEach((name, service) -> {
			if (service.containsKey("image")) {
				images.add((String) service.get("image"));
			}
		});
		Files.readAllLines(ROOT.resolve("Dockerfile"))
			.stream()
			.filter((line) -> line.startsWith("FROM "))
			.forEach((line) -> images.add(line.split("\\s+")[1]));
		ContainerImages.all().forEach((image) -> images.add(image.asCanonicalNameString()));

		// Then each is a release of a repository known to serve it
		assertThat(images).hasSizeGreaterThan(10).allSatisfy((image) -> {
			assertThat(SERVED_REPOSITORIES).as("where %s comes from", image).containsKey(repository(image));
			assertThat(image.substring(image.lastIndexOf(':') + 1)).as(image).matches(PINNED_TAG);
		});
	}

	@Test
	void shouldRunTheImagesOfTheContainerTests() {
		// The tests' container mode and compose run the same releases: what the tests prove is what compose runs.
		List<String> composeImages = services.values()
			.stream()
			.map((service) -> (String) service.get("image"))
			.filter(java.util.Objects::nonNull)
			.toList();
		assertThat(ContainerImages.all())
			.allSatisfy((image) -> assertThat(composeImages).contains(image.asCanonicalNameString()));
	}

	@Test
	void shouldKeepEveryStoreInANamedVolume() {
		// down then up keeps Kafka and the stores together (an outbox published into a topic that no longer exists,
		// or a lake ahead of its topic, would be the alternative); down -v deletes them together.
		Map<String, String> mounts = Map.of("kafka-controller", "kafka-controller:/var/lib/kafka/data", "kafka-1",
				"kafka-1:/var/lib/kafka/data", "kafka-2", "kafka-2:/var/lib/kafka/data", "kafka-3",
				"kafka-3:/var/lib/kafka/data", "postgres", "postgres:/var/lib/postgresql/data", "minio", "minio:/data",
				"analytics-service", "analytics-streams:/var/lib/ticketing");
		Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
		mounts.forEach((service, mount) -> {
			assertThat((List<String>) services.get(service).get("volumes")).as(service).contains(mount);
			assertThat(volumes).as("named volumes").containsKey(mount.substring(0, mount.indexOf(':')));
		});
		LocalKafkaCluster.BROKER_PORTS.keySet()
			.forEach((id) -> assertThat(env(services.get("kafka-" + id))).containsEntry("KAFKA_LOG_DIRS",
					"/var/lib/kafka/data"));
		assertThat(env(services.get("kafka-controller"))).containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
	}

	@Test
	void shouldCheckBearerTokensWithTheDemoKeyMadeAtTheFirstStart() {
		// token-keys runs the very file ./demo uses to make the key pair (nothing but the JDK), into a volume
		Map<String, Object> keys = services.get("token-keys");
		String source = "web-security/src/main/java/ticketing/security/issuer/TokenIssuer.java";
		assertThat(Files.exists(ROOT.resolve(source))).isTrue();
		assertThat((List<String>) keys.get("volumes")).containsExactlyInAnyOrder(
				"./" + source + ":/tools/TokenIssuer.java:ro", "token-keys:/keys");
		assertThat(keys.get("entrypoint")).isEqualTo(List.of("java", "/tools/TokenIssuer.java"));
		assertThat(keys.get("command")).isEqualTo(List.of("keys", "/keys"));
		assertThat(keys.get("image").toString()).startsWith("eclipse-temurin:").endsWith("-jdk-noble");
		// and every service reads the public key from it, read-only, once it is made
		for (String service : List.of("order-service", "notification-service", "analytics-service")) {
			assertThat(env(services.get(service))).as(service)
				.containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION",
						"file:/etc/ticketing/token-keys/" + TokenIssuer.PUBLIC_KEY_FILE);
			assertThat((List<String>) services.get(service).get("volumes")).as(service)
				.contains("token-keys:/etc/ticketing/token-keys:ro");
			assertThat((Map<String, Map<String, Object>>) services.get(service).get("depends_on")).as(service)
				.containsEntry("token-keys", Map.of("condition", "service_completed_successfully"));
		}
	}

	@Test
	void shouldLetOrderServiceAloneSignThePagesVisitorsInWithTheDemoKey() throws Exception {
		// order-service signs the page's demo sign-ins with the key folder it already mounts read-only
		assertThat(env(services.get("order-service")))
			.containsEntry("TICKETING_ORDER_PAGE_DEMOSIGNINKEYS", "/etc/ticketing/token-keys");
		for (String service : List.of("notification-service", "analytics-service")) {
			assertThat(env(services.get(service))).as(service).doesNotContainKey("TICKETING_ORDER_PAGE_DEMOSIGNINKEYS");
		}
		// whose private key (0600, made by root) is handed to the image's user, the uid the Dockerfile gives it
		Map<String, Object> owner = services.get("token-keys-owner");
		assertThat(owner.get("entrypoint"))
			.isEqualTo(List.of("chown", "10001:10001", "/keys/" + TokenIssuer.PRIVATE_KEY_FILE));
		assertThat((Map<String, Map<String, Object>>) owner.get("depends_on"))
			.containsEntry("token-keys", Map.of("condition", "service_completed_successfully"));
		assertThat((Map<String, Map<String, Object>>) services.get("order-service").get("depends_on"))
			.containsEntry("token-keys-owner", Map.of("condition", "service_completed_successfully"));
		assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("useradd --system --uid 10001")
			.contains("USER ticketing");
	}

	@Test
	void shouldLimitTheMemoryOfEveryContainerToWhatALaptopHas() {
		// Every container has a limit, and every JVM's heap fits inside its container's limit
		// (setup containers, which others wait for to complete, have exited before those start: not counted)
		Set<String> oneShot = new java.util.HashSet<>();
		services.values().forEach((service) -> {
			if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
				dependencies.forEach((name, condition) -> {
					if (((Map<String, Object>) condition).get("condition").equals("service_completed_successfully")) {
						oneShot.add((String) name);
					}
				});
			}
		});
		assertThat(oneShot).contains("kafka-setup", "minio-setup", "token-keys");
		long total = 0;
		long optional = 0;
		for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
			Object limit = service.getValue().get("mem_limit");
			assertThat(limit).as(service.getKey() + " mem_limit").isNotNull();
			long bytes = bytes(limit.toString());
			if (oneShot.contains(service.getKey())) {
				assertThat(bytes).as(service.getKey() + " mem_limit").isLessThanOrEqualTo(512L << 20);
				continue;
			}
			total += bytes;
			if (service.getValue().containsKey("profiles")) {
				optional += bytes;
			}
			String heap = env(service.getValue()).getOrDefault("KAFKA_HEAP_OPTS",
					env(service.getValue()).getOrDefault("JAVA_TOOL_OPTIONS", ""));
			Matcher xmx = Pattern.compile("-Xmx(\\d+[mg])").matcher(heap);
			if (xmx.find()) {
				assertThat(bytes(xmx.group(1))).as(service.getKey() + " heap").isLessThanOrEqualTo(bytes * 3 / 4);
			}
		}
		// Then all of them together fit a 16 GB laptop with room for the rest; the metrics profile (Prometheus and
		// Grafana) too, beside the rest
		assertThat(total - optional).as("without the metrics profile").isLessThanOrEqualTo(10L << 30);
		assertThat(total).as("with the metrics profile").isLessThanOrEqualTo(11L << 30);
	}

	@Test
	void shouldLetTheServicesShutDownBeforeTheyAreKilled() throws IOException {
		// Kafka Streams' close (commit, then leave the group) takes up to its close-timeout
		Map<String, Object> analytics;
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("analytics-service/src/main/resources/application.yml"))) {
			// The first document: the one without a profile
			analytics = (Map<String, Object>) new Yaml().loadAll(reader).iterator().next();
		}
		String closeTimeout = ((Map<String, Map<String, Object>>) analytics.get("ticketing")).get("streams")
			.get("close-timeout")
			.toString();
		assertThat(List.of("order-service", "notification-service", "analytics-service")).allSatisfy(
				(name) -> assertThat(seconds(services.get(name).get("stop_grace_period").toString())).as(name)
					.isGreaterThan(seconds(closeTimeout)));
	}

	@Test
	void shouldSignEveryKafkaClientInOverTlsAsAUserOfItsOwn() {
		// Both broker listeners take SASL over TLS only; every request is checked against ACLs
		for (int id : LocalKafkaCluster.BROKER_PORTS.keySet()) {
			assertThat(env(services.get("kafka-" + id))).as("kafka-" + id)
				.containsEntry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
						"CONTROLLER:SASL_PLAINTEXT,INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL")
				.containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
				.containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
				.containsEntry("KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/tls/broker.p12");
			assertThat((List<String>) services.get("kafka-" + id).get("volumes")).contains("kafka-tls:/etc/kafka/tls:ro");
		}
		// made at the first start, never committed
		assertThat(services.get("kafka-tls").get("entrypoint").toString()).contains("/setup/kafka/make-tls-files.sh");
		assertThat(services.get("kafka-setup").get("entrypoint").toString()).contains("/setup/kafka/setup-cluster.sh");
		// each service as the user access.conf names after it, with the password .env gives that user
		for (String service : List.of("order-service", "notification-service", "analytics-service")) {
			assertThat(env(services.get(service))).as(service)
				.containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
				.containsEntry("KAFKA_USERNAME", service)
				.containsEntry("KAFKA_PASSWORD", "${KAFKA_" + service.toUpperCase().replace('-', '_') + "_PASSWORD}")
				.containsEntry("SPRING_KAFKA_SSL_TRUSTSTORELOCATION", "file:/etc/kafka/tls/truststore.p12");
		}
	}

	@Test
	void shouldRunOrderServiceAsARoleThatCannotChangeTheSchema() {
		// The database's owner runs the migrations; the service's own role, made with the volume, only reads and
		// writes rows (order-service's V5__application_role.sql)
		Map<String, String> orders = env(services.get("order-service"));
		assertThat(orders).containsEntry("POSTGRES_USER", "${POSTGRES_APP_USER}")
			.containsEntry("POSTGRES_PASSWORD", "${POSTGRES_APP_PASSWORD}")
			.containsEntry("POSTGRES_OWNER_USER", "${POSTGRES_USER}")
			.containsEntry("POSTGRES_OWNER_PASSWORD", "${POSTGRES_PASSWORD}");
		assertThat((List<String>) services.get("postgres").get("volumes"))
			.contains("./setup/postgres/create-app-role.sh:/docker-entrypoint-initdb.d/create-app-role.sh:ro");
		assertThat(env(services.get("postgres"))).containsEntry("POSTGRES_APP_USER", "${POSTGRES_APP_USER}");
	}

	@Test
	void shouldSignNotificationServiceInToRedisAsAUserLimitedToItsKeys() {
		assertThat(env(services.get("notification-service"))).containsEntry("REDIS_USERNAME", "notification-service")
			.containsEntry("REDIS_PASSWORD", "${REDIS_NOTIFICATION_PASSWORD}");
		String redis = services.get("redis").get("command").toString();
		assertThat(redis).contains("--user default off", "--user notification-service on", "\"~notification:*\"",
				"/setup/redis/notification-service.acl");
		assertThat((List<String>) services.get("redis").get("volumes")).contains("./setup/redis:/setup/redis:ro");
	}

	@Test
	void shouldSignAnalyticsInToS3AsTheLakesOwnUserNotMinIOsRoot() {
		Map<String, String> analytics = env(services.get("analytics-service"));
		assertThat(analytics.get("S3_ACCESS_KEY")).isEqualTo("${LAKE_S3_ACCESS_KEY}");
		assertThat(analytics.get("S3_SECRET_KEY")).isEqualTo("${LAKE_S3_SECRET_KEY}");
		assertThat(services.get("minio-setup").get("entrypoint").toString())
			.contains("/setup/s3/create-bucket-and-user.sh");
		assertThat(ROOT.resolve("setup/s3/create-bucket-and-user.sh")).isRegularFile();
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

	/** The repository with its registry, as Docker resolves a short name. */
	private static String repository(String image) {
		String name = image.substring(0, image.lastIndexOf(':'));
		String first = name.split("/")[0];
		if (!name.contains("/")) {
			return "docker.io/library/" + name;
		}
		return (first.contains(".") || first.contains(":")) ? name : "docker.io/" + name;
	}

	private static long bytes(String size) {
		long number = Long.parseLong(size.substring(0, size.length() - 1));
		return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
			case 'g' -> number << 30;
			case 'm' -> number << 20;
			default -> throw new IllegalArgumentException("size " + size);
		};
	}

	private static long seconds(String duration) {
		assertThat(duration).matches("\\d+s");
		return Long.parseLong(duration.substring(0, duration.length() - 1));
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

	private static Map<String, Object> yaml(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
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
