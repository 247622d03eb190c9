package ticketing.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ticketing.security.kafka.KafkaAccess;
import ticketing.security.kafka.KafkaCredentials;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ACLs of setup/kafka/access.conf on a real cluster that checks them (SASL/SCRAM, StandardAuthorizer): each
 * service's user can do its work, and no more. What matters most: a client without the right password gets nothing,
 * and notification-service's user (the one exposed to the most input) can neither forge orders nor fence the relay
 * nor read another group's progress.
 */
@RealInfrastructure
class KafkaAccessIT {

	private static final Path SETUP = Path.of(System.getProperty("user.dir")).getParent().resolve("setup");

	private static final KafkaTestCluster kafka = TestInfrastructure.kafka();

	private static final KafkaCredentials ORDER_SERVICE = user("order-service");

	private static final KafkaCredentials NOTIFICATION_SERVICE = user("notification-service");

	private static final KafkaCredentials ANALYTICS_SERVICE = user("analytics-service");

	@BeforeAll
	static void systemTopicsUsersAndAcls() throws Exception {
		TopicSetup.apply(SETUP.resolve("kafka/topics.conf"), kafka.clientProperties());
		KafkaAccess.apply(SETUP.resolve("kafka/access.conf"), kafka.clientProperties());
		kafka.createUser(ORDER_SERVICE);
		kafka.createUser(NOTIFICATION_SERVICE);
		kafka.createUser(ANALYTICS_SERVICE);
	}

	@Test
	void shouldLetEachServiceCheckTheTopicsItDeclares() throws Exception {
		// Spring's KafkaAdmin compares each declared topic's settings at start (and would create a missing one)
		Map<KafkaCredentials, List<String>> declared = Map.of(ORDER_SERVICE,
				List.of("ticket-order", "order-relay-offsets"), ANALYTICS_SERVICE,
				List.of("category-filtered-ticket-order", "suspicious-user", "ticket-order.DLT"));
		for (Map.Entry<KafkaCredentials, List<String>> service : declared.entrySet()) {
			try (Admin admin = Admin.create(service.getKey().clientProperties(kafka.bootstrapServers()))) {
				List<ConfigResource> topics = service.getValue()
					.stream()
					.map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
					.toList();
				assertThat(admin.describeConfigs(topics).all().get()).as(service.getKey().username())
					.containsOnlyKeys(topics);
			}
		}
	}

	@Test
	void shouldLetTheOperatorViewReadTheNewestRecordsByPartitionAndOthersNotTheDeadLetters() {
		// analytics-service's operator view: a consumer of no group, assigned every partition of each topic it shows
		for (String topic : List.of("ticket-order", "suspicious-user", "ticket-order.DLT")) {
			try (KafkaConsumer<String, String> view = consumer(ANALYTICS_SERVICE, null)) {
				List<TopicPartition> partitions = view.partitionsFor(topic)
					.stream()
					.map((partition) -> new TopicPartition(topic, partition.partition()))
					.toList();
				view.assign(partitions);
				assertThat(view.endOffsets(partitions)).as(topic).hasSize(partitions.size());
				view.seekToBeginning(partitions);
				view.poll(Duration.ofMillis(500));
			}
		}
		// notification-service writes dead letters but may not read them back
		try (KafkaConsumer<String, String> notification = consumer(NOTIFICATION_SERVICE, null)) {
			notification.assign(List.of(new TopicPartition("ticket-order.DLT", 0)));
			notification.seekToBeginning(List.of(new TopicPartition("ticket-order.DLT", 0)));
			assertThatThrownBy(() -> notification.poll(Duration.ofSeconds(5)))
				.isInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void shouldGiveNothingToAClientWithoutCredentials() {
		Properties anonymous = new Properties();
		anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		anonymous.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
		anonymous.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
		try (Admin admin = Admin.create(anonymous)) {
			// The listener speaks SASL only: a plaintext client's requests are never answered
			assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(TimeoutException.class);
		}
	}

	@Test
	void shouldRefuseAWrongPassword() {
		KafkaCredentials impostor = new KafkaCredentials("order-service", "not-the-password");
		try (Admin admin = Admin.create(impostor.clientProperties(kafka.bootstrapServers()))) {
			assertThatThrownBy(() -> admin.listTopics().names().get())
				.hasCauseInstanceOf(SaslAuthenticationException.class);
		}
	}

	@Test
	void shouldLetTheRelayWriteEventsAndItsProgressInOneTransaction() throws Exception {
		String orderId = UUID.randomUUID().toString();
		try (KafkaProducer<String, String> relay = producer(ORDER_SERVICE, "order-relay")) {
			relay.initTransactions();
			relay.beginTransaction();
			relay.send(new ProducerRecord<>("ticket-order", "1", orderId));
			relay.send(new ProducerRecord<>("order-relay-offsets", "order-relay", "1"));
			relay.commitTransaction();
		}
		// and notification-service to read them in its group, and commit how far it got
		try (KafkaConsumer<String, String> consumer = consumer(NOTIFICATION_SERVICE, "notification-service")) {
			consumer.subscribe(List.of("ticket-order"));
			List<String> seen = new ArrayList<>();
			await("the relay's event read by notification-service").atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> seen.add(record.value()));
				consumer.commitSync();
				return seen.contains(orderId);
			});
		}
	}

	@Test
	void shouldNotLetNotificationServiceForgeOrders() {
		try (KafkaProducer<String, String> producer = producer(NOTIFICATION_SERVICE, null)) {
			assertThatThrownBy(() -> producer.send(new ProducerRecord<>("ticket-order", "1", "forged")).get())
				.isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void shouldNotLetNotificationServiceFenceTheRelay() {
		try (KafkaProducer<String, String> producer = producer(NOTIFICATION_SERVICE, "order-relay")) {
			assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
		}
	}

	@Test
	void shouldNotLetNotificationServiceReadAnotherGroupsOffsets() {
		try (Admin admin = Admin.create(NOTIFICATION_SERVICE.clientProperties(kafka.bootstrapServers()))) {
			assertThatThrownBy(() -> admin.listConsumerGroupOffsets("analytics-lake")
				.partitionsToOffsetAndMetadata()
				.get()).hasCauseInstanceOf(GroupAuthorizationException.class);
		}
	}

	@Test
	void shouldSetUpTheSameUsersAndAclsWithKafkasOwnToolsAsComposeDoes() throws Exception {
		// Given none of access.conf's ACLs
		List<AclBinding> acls = KafkaAccess.read(SETUP.resolve("kafka/access.conf"));
		try (Admin admin = kafka.admin()) {
			admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get();
		}
		Path clientConfig = Files.createTempFile(Path.of("target"), "admin-client", ".properties").toAbsolutePath();
		Files.writeString(clientConfig, kafka.administrator().configFile(kafka.bootstrapServers()));
		Map<String, String> passwords = Map.of("KAFKA_ADMIN_PASSWORD", kafka.administrator().password(),
				"KAFKA_ORDER_SERVICE_PASSWORD", ORDER_SERVICE.password(), "KAFKA_NOTIFICATION_SERVICE_PASSWORD",
				NOTIFICATION_SERVICE.password(), "KAFKA_ANALYTICS_SERVICE_PASSWORD", ANALYTICS_SERVICE.password());

		// When compose's scripts set up users and ACLs with kafka-configs.sh and kafka-acls.sh
		try {
			run(passwords, "setup/kafka/create-users.sh", kafka.bootstrapServers(), clientConfig.toString(),
					"setup/bin/kafka-configs.sh");
			run(passwords, "setup/kafka/create-acls.sh", kafka.bootstrapServers(), clientConfig.toString(),
					"setup/bin/kafka-acls.sh");
		}
		finally {
			// whatever the scripts did, the other tests of this class find the ACLs they expect
			KafkaAccess.apply(SETUP.resolve("kafka/access.conf"), kafka.clientProperties());
		}

		// Then the cluster holds the ACLs ./demo creates, and each service signs in with its password
		try (Admin admin = kafka.admin()) {
			for (String user : List.of("order-service", "notification-service", "analytics-service")) {
				AclBindingFilter ofUser = new AclBindingFilter(ResourcePatternFilter.ANY,
						new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
				assertThat(admin.describeAcls(ofUser).values().get()).as(user)
					.containsExactlyInAnyOrderElementsOf(
							acls.stream().filter((acl) -> acl.entry().principal().equals("User:" + user)).toList());
			}
		}
		for (KafkaCredentials service : List.of(ORDER_SERVICE, NOTIFICATION_SERVICE, ANALYTICS_SERVICE)) {
			kafka.awaitSignIn(service);
		}
	}

	private static void run(Map<String, String> environment, String script, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", script));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(SETUP.getParent().toFile())
			.redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(script).isTrue();
		assertThat(process.exitValue()).as("exit code of %s; output:%n%s", script, output).isZero();
	}

	private static KafkaCredentials user(String name) {
		return new KafkaCredentials(name, UUID.randomUUID().toString());
	}

	private static KafkaProducer<String, String> producer(KafkaCredentials user, String transactionalId) {
		Map<String, Object> settings = new HashMap<>(user.clientConfigs(kafka.bootstrapServers()));
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
		settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		if (transactionalId != null) {
			settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		}
		return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
	}

	private static KafkaConsumer<String, String> consumer(KafkaCredentials user, String group) {
		Map<String, Object> settings = new HashMap<>(user.clientConfigs(kafka.bootstrapServers()));
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
	}

}
