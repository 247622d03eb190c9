package ticketing.testsupport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import ticketing.security.kafka.KafkaCredentials;
import ticketing.contract.Topics;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka cluster of {@value #BROKERS} brokers shared by the tests of a JVM. Tests isolate themselves by creating
 * their own topics ({@link #createTopic(String)}), consumer groups and transactional ids.
 */
public interface KafkaTestCluster extends AutoCloseable {

	int BROKERS = 3;

	/** Partitions of a topic made by {@link #createTopic(String)}, like the system's topics. */
	int PARTITIONS = 3;

	/** Replication factor of the system's topics. */
	short REPLICATION_FACTOR = 3;

	/** min.insync.replicas of the system's topics: an acks=all write survives one broker down, not two. */
	int MIN_IN_SYNC_REPLICAS = 2;

	/** The tests' administrator: a super user, whom no ACL limits. The default clients below sign in as it. */
	String ADMINISTRATOR = "admin";

	String bootstrapServers();

	/** The SASL/SCRAM user the tests' clients sign in as: {@value #ADMINISTRATOR}, a super user. */
	KafkaCredentials administrator();

	/** Spring Boot properties that connect a service to this cluster as {@link #administrator()}. */
	default Map<String, Object> springProperties() {
		return administrator().springProperties(bootstrapServers());
	}

	/** {@link #springProperties()} as command-line arguments of a Spring Boot application. */
	default List<String> springArguments() {
		return administrator().springArguments(bootstrapServers());
	}

	/** Bootstrap servers and SASL settings of a plain client signed in as {@link #administrator()}. */
	default Properties clientProperties() {
		return administrator().clientProperties(bootstrapServers());
	}

	/** The same as {@link #clientProperties()}, as a map. */
	default Map<String, Object> clientConfigs() {
		return administrator().clientConfigs(bootstrapServers());
	}

	/**
	 * Creates a SASL/SCRAM user (or sets its password) and waits until every broker accepts it. What it may do is up
	 * to the ACLs the test creates: without any it may do nothing.
	 */
	default void createUser(KafkaCredentials user) {
		try (Admin admin = admin()) {
			upsertUser(admin, user);
		}
		awaitSignIn(user);
	}

	/** Waits until every broker accepts the user's password (SCRAM credentials reach brokers with the metadata). */
	default void awaitSignIn(KafkaCredentials user) {
		for (String broker : bootstrapServers().split(",")) {
			await(user.username() + " signed in on " + broker).atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> {
					try (Admin admin = Admin.create(user.clientProperties(broker))) {
						return admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS) != null;
					}
				});
		}
	}

	static void upsertUser(Admin admin, KafkaCredentials user) {
		try {
			admin
				.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user.username(),
						new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), user.password())))
				.all()
				.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create Kafka user " + user.username(), ex.getCause());
		}
	}

	/** The ids of all brokers, running or stopped. */
	List<Integer> brokerIds();

	/** Stops one broker (a controlled shutdown) and returns once it is down. */
	void stopBroker(int brokerId);

	/** Starts a broker stopped by {@link #stopBroker(int)} on its old address and waits until it is registered. */
	void startBroker(int brokerId);

	/**
	 * Creates a topic with a name unique to this call, {@value #PARTITIONS} partitions, replication factor 3 and
	 * min.insync.replicas 2, and returns its name. A topic that stands in for one of the system's gets that topic's
	 * settings too ({@link Topics#settings(String)}: its retention), so tests see what the system does with records of
	 * any age.
	 * @param prefix the start of the name: the system topic the test stands in for, or any other word
	 */
	default String createTopic(String prefix) {
		return createTopic(prefix, PARTITIONS, Map.of());
	}

	default String createTopic(String prefix, int partitions, Map<String, String> configs) {
		String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> settings = new HashMap<>(Topics.settings(prefix));
		settings.putAll(configs);
		NewTopic topic = new NewTopic(name, partitions, REPLICATION_FACTOR).configs(withMinInSync(settings));
		try (Admin admin = admin()) {
			admin.createTopics(List.of(topic)).all().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create topic " + name, ex.getCause());
		}
		awaitFullyReplicated(name);
		return name;
	}

	/** Waits until every partition of the topic has a leader and all its replicas in sync. */
	default void awaitFullyReplicated(String topic) {
		await("all replicas of " + topic + " in sync").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> describe(topic).partitions()
				.stream()
				.allMatch((p) -> p.leader() != null && p.isr().size() == p.replicas().size()));
	}

	/** Waits until the broker is registered with the controller and unfenced: clients can use it again. */
	default void awaitBrokerRunning(int brokerId) {
		await("broker " + brokerId + " running").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				try (Admin admin = admin()) {
					return admin.describeCluster().nodes().get().stream().anyMatch((node) -> node.id() == brokerId);
				}
			});
	}

	/** The id of the broker leading a partition, or -1 while it has none. */
	default int leaderOf(String topic, int partition) {
		TopicPartitionInfo info = describe(topic).partitions().get(partition);
		return (info.leader() == null || info.leader().isEmpty()) ? -1 : info.leader().id();
	}

	default TopicDescription describe(String topic) {
		try (Admin admin = admin()) {
			return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not describe topic " + topic, ex.getCause());
		}
	}

	/** A new admin client; close it after use. */
	default Admin admin() {
		return Admin.create(clientProperties());
	}

	/** Settings for a String producer with acks=all and idempotence, the way the system's producers write. */
	default Properties producerProperties() {
		Properties props = clientProperties();
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		return props;
	}

	/** Settings for a String consumer in its own group, reading from the earliest offset, without auto-commit. */
	default Properties consumerProperties(String groupId, IsolationLevel isolation) {
		Properties props = clientProperties();
		props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		return props;
	}

	private static Map<String, String> withMinInSync(Map<String, String> configs) {
		if (configs.containsKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)) {
			return configs;
		}
		var all = new HashMap<>(configs);
		all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(MIN_IN_SYNC_REPLICAS));
		return all;
	}

}
