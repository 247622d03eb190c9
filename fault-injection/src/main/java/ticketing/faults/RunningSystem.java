package ticketing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import redis.embedded.RedisServer;
import software.amazon.awssdk.services.s3.S3Client;

import ticketing.contract.Topics;

import ticketing.demo.ChildProcesses;
import ticketing.demo.DemoFolder;
import ticketing.demo.DemoTokens;
import ticketing.demo.LocalKafkaCluster;
import ticketing.demo.LocalS3Server;
import ticketing.demo.LocalStores;
import ticketing.demo.Ports;
import ticketing.demo.ServiceProcesses;
import ticketing.demo.TopicSetup;
import ticketing.security.issuer.TokenIssuer;
import ticketing.security.kafka.KafkaAccess;
import ticketing.testsupport.net.TcpProxy;
import ticketing.testsupport.process.JavaProcess;

/**
 * The whole system as separate processes on free loopback ports, and the handles to hurt it: a controller and three
 * brokers (JVMs), an S3 server, a Redis server that can be restarted empty, PostgreSQL (as in ./demo) behind a proxy
 * that can be cut, two order-service instances (so that one takes the relay over from the other), one
 * notification-service and one analytics-service. The services accept the bearer tokens of the run's own key pair, as
 * ./demo's accept its ({@link #tokens()}).
 */
final class RunningSystem implements AutoCloseable {

	/** The start of the run's database name; the rest comes from its data folder (see {@link #database}). */
	static final String DATABASE_PREFIX = "ticketing_faults_";

	private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

	static final String BUCKET = "ticket-order-events";

	static final String NOTIFICATION = "notification-service";

	static final String ANALYTICS = "analytics-service";

	/** A second analytics-service: the lake's group and the Streams application share the partitions between both. */
	static final String ANALYTICS_B = "analytics-service-b";

	/** The session timeout of both analytics instances' consumers: how long a paused one keeps its partitions. */
	static final Duration ANALYTICS_SESSION_TIMEOUT = Duration.ofSeconds(10);

	/** The two order-service instances; their names are also their relay instance ids. */
	static final List<String> ORDER_SERVICES = List.of("order-service-a", "order-service-b");

	/** The relay's transactional.id, the same on both instances: the one whose transactions the faults interrupt. */
	/** notification-service's Redis user in the run (the injector itself uses Redis's default user). */
	static final String REDIS_USER = "notification-service";

	static final String REDIS_PASSWORD = "fault-injection-redis-secret";

	/** The one ACLs (setup/kafka/access.conf) let order-service use. */
	static final String RELAY_TRANSACTIONAL_ID = "order-relay";

	/** The scalping windows of the run: short, so that windows close during the run; a grace longer than any fault. */
	static final Duration WINDOW = Duration.ofSeconds(10);

	static final Duration GRACE = Duration.ofSeconds(45);

	static final int THRESHOLD = 3;

	private static final int REDIS_START_ATTEMPTS = 10;

	/**
	 * The services restart many times in a run, on a machine shared by nine JVMs: the C1 compiler alone and the serial
	 * collector make each start markedly quicker there. The suite measures correctness, never speed.
	 */
	private static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	// The S3 server checks the signature only: these are the run's own, never used elsewhere.
	private static final String S3_ACCESS_KEY = "fault-injection";

	private static final String S3_SECRET_KEY = "fault-injection-secret";

	private record Instance(String service, int port, List<String> args) {
	}

	private final SuiteOptions options;

	private final List<AutoCloseable> toClose = new ArrayList<>();

	private final ChildProcesses children = new ChildProcesses();

	private final Map<String, Instance> instances = new LinkedHashMap<>();

	private final Map<String, Process> processes = new ConcurrentHashMap<>();

	private final LocalKafkaCluster kafka;

	private final int s3Port = Ports.free();

	private final int redisPort = Ports.free();

	private DemoFolder folder;

	private TokenIssuer tokens;

	/** What every service is started with: where the run's public key is, to check the clients' tokens with. */
	private Map<String, String> serviceEnvironment = Map.of();

	private TcpProxy postgresProxy;

	private TcpProxy s3Proxy;

	private RedisServer redis;

	/** The rules of setup/redis/notification-service.acl, on one line. */
	private String redisRules;

	private LocalS3Server s3;

	private volatile boolean rebuildAtNextStart;

	private volatile boolean closed;

	/**
	 * The run's own database on the shared server, named after its data folder: the folder's lock keeps two runs from
	 * using one folder, so two runs at once (in two checkouts) never drop each other's database.
	 */
	private final String database;

	RunningSystem(SuiteOptions options) {
		this.options = options;
		this.database = DATABASE_PREFIX
				+ Integer.toHexString(options.dataDir().toAbsolutePath().normalize().toString().hashCode());
		this.kafka = new LocalKafkaCluster(Ports.free(), Map.of(1, Ports.free(), 2, Ports.free(), 3, Ports.free()));
	}

	void start() throws Exception {
		folder = DemoFolder.open(options.dataDir(), true);
		toClose.add(folder);
		toClose.add(children);
		Path setup = options.root().resolve("setup");
		// A key pair of the run's own, in its data folder, made as ./demo makes its: the folder is new at every run
		tokens = DemoTokens.issuer(folder);
		serviceEnvironment = DemoTokens.serviceEnvironment(folder);

		LocalStores stores = new LocalStores();
		toClose.add(stores);
		log("PostgreSQL: " + stores.startPostgres(folder.dir("postgres")) + ", database " + database);
		LocalStores.recreateDatabase(database);
		// order-service as ./demo runs it: its own role for rows, the owner (postgres) for the migrations
		Properties demo = LocalKafkaCluster.load(setup.resolve("demo/demo.properties"));
		String appRole = demo.getProperty("postgres.app-user");
		String appPassword = demo.getProperty("postgres.app-password");
		LocalStores.createApplicationRoleIfMissing(appRole, appPassword);
		redisRules = String.join(" ", LocalStores.redisAclRules(setup.resolve("redis/notification-service.acl")));
		postgresProxy = new TcpProxy("127.0.0.1", LocalStores.POSTGRES_PORT);
		toClose.add(postgresProxy);

		startRedis();
		toClose.add(() -> redis.stop());
		log("Redis: a server of this run on 127.0.0.1:" + redisPort);

		s3 = LocalS3Server.start(s3Port, folder.dir("s3"), S3_ACCESS_KEY, S3_SECRET_KEY, BUCKET);
		toClose.add(() -> s3.close());
		s3Proxy = new TcpProxy("127.0.0.1", s3Port);
		toClose.add(s3Proxy);
		log("S3: 127.0.0.1:" + s3Port + ", bucket " + BUCKET);

		kafka.start(folder.dir("kafka"), folder.dir("logs"), setup, children, System.getProperty("java.class.path"));
		TopicSetup.apply(setup.resolve("kafka/topics.conf"), kafka.adminClientProperties());
		KafkaAccess.apply(setup.resolve("kafka/access.conf"), kafka.adminClientProperties());
		log("Kafka: brokers " + kafka.brokerIds() + " on " + kafka.bootstrapServers()
				+ ", each service signed in as its own user with the ACLs of setup/kafka/access.conf");

		String postgresUrl = "jdbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database;
		for (String name : ORDER_SERVICES) {
			instances.put(name, new Instance("order-service", Ports.free(),
					List.of("--spring.datasource.url=" + postgresUrl, "--spring.datasource.username=" + appRole,
							"--spring.datasource.password=" + appPassword, "--spring.flyway.user=postgres",
							"--spring.flyway.password=",
							"--ticketing.sample-data.enabled=false", "--ticketing.order.relay.instance-id=" + name,
							"--ticketing.order.relay.transactional-id=" + RELAY_TRANSACTIONAL_ID,
							// A quick takeover after a pause; published rows kept for the count of check 2.
							"--ticketing.order.relay.lease-duration=5s",
							"--ticketing.order.relay.published-retention=30d")));
		}
		// notification-service as a Redis user limited to its keys, as in ./demo (the run's server makes it at each start)
		List<String> notification = new ArrayList<>(List.of("--spring.data.redis.port=" + redisPort,
				"--spring.data.redis.username=" + REDIS_USER, "--spring.data.redis.password=" + REDIS_PASSWORD));
		if (options.broken() == SuiteOptions.Broken.NOTIFICATION_READ_UNCOMMITTED) {
			notification.add("--spring.kafka.consumer.isolation-level=read_uncommitted");
		}
		instances.put(NOTIFICATION, new Instance(NOTIFICATION, Ports.free(), notification));
		for (String name : List.of(ANALYTICS, ANALYTICS_B)) {
			String sessionTimeout = Long.toString(ANALYTICS_SESSION_TIMEOUT.toMillis());
			instances.put(name, new Instance(ANALYTICS, Ports.free(),
					List.of("--ticketing.lake.s3.endpoint=http://127.0.0.1:" + s3Proxy.port(),
							"--ticketing.lake.s3.access-key=" + S3_ACCESS_KEY,
							"--ticketing.lake.s3.secret-key=" + S3_SECRET_KEY, "--ticketing.lake.bucket=" + BUCKET,
							"--ticketing.lake.properties.[session.timeout.ms]=" + sessionTimeout,
							"--spring.kafka.streams.properties.[session.timeout.ms]=" + sessionTimeout,
							// Each instance its own state stores, as on two machines
							"--spring.kafka.streams.state-dir=" + folder.dir("streams-state").resolve(name),
							"--ticketing.streams.scalping.window-size=" + WINDOW.toSeconds() + "s",
							"--ticketing.streams.scalping.grace=" + GRACE.toSeconds() + "s",
							"--ticketing.streams.scalping.threshold=" + THRESHOLD)));
		}
		instances.keySet().forEach(this::launch);
		for (String name : instances.keySet()) {
			awaitHealthy(name);
			log(name + " is up on http://localhost:" + instances.get(name).port());
		}
	}

	/** The sample catalogue of the run: users 1..n and six contents, two of them live shows. */
	void createCatalogue(int users) throws SQLException {
		try (Connection connection = database(); var statement = connection.createStatement()) {
			statement.execute("INSERT INTO users (id, nickname, registered_at) "
					+ "SELECT n, 'user-' || n, now() FROM generate_series(1, " + users + ") AS n");
			statement.execute("""
					INSERT INTO contents (id, title, category, published_at) VALUES
					    (1, 'Seoul Jazz Night', 'live', now()), (2, 'Midnight Cinema', 'movie', now()),
					    (3, 'Laugh Factory Night', 'comedy', now()), (4, 'Hamlet', 'stage', now()),
					    (5, 'Rock Arena Tour', 'live', now()), (6, 'Stand-up Sunday', 'comedy', now())""");
		}
	}

	/** A connection to the run's database, straight to PostgreSQL (never cut off). */
	Connection database() throws SQLException {
		return DriverManager.getConnection(
				"jdbc:postgresql://127.0.0.1:" + LocalStores.POSTGRES_PORT + "/" + database, "postgres", "");
	}

	String bootstrapServers() {
		return kafka.bootstrapServers();
	}

	/** Bootstrap servers and the settings of a client signed in as the cluster's administrator. */
	Properties kafkaClient() {
		return kafka.adminClientProperties();
	}

	LocalKafkaCluster kafka() {
		return kafka;
	}

	int port(String instance) {
		return instances.get(instance).port();
	}

	int redisPort() {
		return redisPort;
	}

	S3Client s3Client() {
		return LocalS3Server.client(s3Port, S3_ACCESS_KEY, S3_SECRET_KEY);
	}

	/** Signs the tokens the services accept. */
	TokenIssuer tokens() {
		return tokens;
	}

	TcpProxy postgresProxy() {
		return postgresProxy;
	}

	TcpProxy s3Proxy() {
		return s3Proxy;
	}

	Path dataDir() {
		return folder.root();
	}

	/** kill -9: the JVM ends at once, in the middle of whatever it does. */
	void kill(String instance) throws InterruptedException {
		Process process = processes.get(instance);
		process.destroyForcibly();
		process.waitFor();
	}

	/** SIGSTOP: the JVM stops where it is, sockets and transactions open, until {@link #resume}. */
	void pause(String instance) throws IOException, InterruptedException {
		JavaProcess.pause(processes.get(instance));
	}

	void resume(String instance) throws IOException, InterruptedException {
		JavaProcess.resume(processes.get(instance));
	}

	/** SIGTERM and wait: a graceful stop. */
	void stop(String instance) throws InterruptedException {
		Process process = processes.get(instance);
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}

	/** Starts the instance again and waits until it is healthy. */
	void restart(String instance) {
		launch(instance);
		awaitHealthy(instance);
	}

	boolean isAlive(String instance) {
		return processes.get(instance).isAlive();
	}

	/**
	 * Stops Redis and starts a new, empty one on the same port (it keeps nothing on disk). Nothing else: rebuilding
	 * its data is notification-service's own job, which it must do by itself.
	 */
	void restartRedisEmpty() throws Exception {
		redis.stop();
		startRedis();
	}

	/**
	 * Stops notification-service, sets its group's offsets back to the start of ticket-order (what
	 * {@code kafka-consumer-groups --reset-offsets --to-earliest} does) and starts it with the rebuild. With the offsets
	 * reset, the committed offsets show how far the rebuild got: a kill during it resumes where it was, and the wait
	 * for quiet waits for its end (without the reset they would stand at the end from the start).
	 */
	private void restartNotificationsWithRebuild() throws Exception {
		stop(NOTIFICATION);
		resetOffsetsToEarliest("notification-service");
		rebuildAtNextStart = true;
		restart(NOTIFICATION);
	}

	private void resetOffsetsToEarliest(String group) throws Exception {
		try (KafkaOffsets kafka = new KafkaOffsets(kafkaClient())) {
			Map<TopicPartition, Long> earliest = kafka.earliest(kafka.partitions(List.of(Topics.TICKET_ORDER)));
			// Refused while the group has members: the stopped instance's leave may take a moment, and the members of
			// an instance killed before it linger until their session times out. The service is stopped, so every
			// member left is one of those, and is removed.
			Instant deadline = Instant.now().plusSeconds(60);
			while (true) {
				try {
					kafka.commit(group, earliest);
					return;
				}
				catch (ExecutionException ex) {
					if (Instant.now().isAfter(deadline)) {
						throw ex;
					}
					Thread.sleep(500);
					try {
						kafka.removeAllMembers(group);
					}
					catch (ExecutionException noneLeft) {
						// Already empty, or the coordinator is moving: the reset is tried again.
					}
				}
			}
		}
	}

	/**
	 * Replaces notification-service with the broken variant: isolation.level=read_uncommitted, rebuilding Redis from
	 * the beginning of ticket-order, where it now also reads the records of aborted transactions.
	 */
	void breakNotificationService() throws Exception {
		Instance real = instances.get(NOTIFICATION);
		List<String> args = new ArrayList<>(real.args());
		args.add("--spring.kafka.consumer.isolation-level=read_uncommitted");
		instances.put(NOTIFICATION, new Instance(real.service(), real.port(), args));
		restartNotificationsWithRebuild();
	}

	/**
	 * Starts the run's Redis. Right after a stop, the old server may still hold the port for a moment (it was seen once
	 * in a long run, failing a fault and the next kill's wait for health): the start is then tried again, for up to
	 * {@link #REDIS_START_ATTEMPTS} times.
	 */
	private void startRedis() throws IOException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			RedisServer server = RedisServer.newRedisServer()
				.port(redisPort)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("user " + REDIS_USER + " on >" + REDIS_PASSWORD + " ~notification:* " + redisRules)
				.build();
			try {
				server.start();
				redis = server;
				return;
			}
			catch (IOException ex) {
				if (attempt == REDIS_START_ATTEMPTS) {
					throw new IOException("Redis did not start on port " + redisPort + " after " + attempt
							+ " attempts: " + ex.getMessage(), ex);
				}
				log("Redis did not start on port " + redisPort + " (" + ex.getMessage() + "); trying again");
				Thread.sleep(500);
			}
		}
	}

	private void launch(String name) {
		if (closed) {
			throw new IllegalStateException("the run is over: " + name + " is not started again");
		}
		Instance instance = instances.get(name);
		List<String> args = new ArrayList<>(instance.args());
		args.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
		Map<String, String> environment = new HashMap<>(serviceEnvironment);
		environment.putAll(kafka.serviceEnvironment(instance.service()));
		if (name.equals(NOTIFICATION) && rebuildAtNextStart) {
			args.add("--notification.consumer.rebuild=true");
			rebuildAtNextStart = false;
		}
		try {
			processes.put(name, ServiceProcesses.start(options.root(), children, instance.service(), name,
					instance.port(), SERVICE_JVM_OPTIONS, args, environment,
					folder.dir("logs").resolve(name + ".log")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitHealthy(String name) {
		try {
			ServiceProcesses.awaitHealthy(name, instances.get(name).port(), processes.get(name),
					folder.dir("logs").resolve(name + ".log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		// A paused JVM ignores SIGTERM until it is resumed.
		processes.forEach((name, process) -> {
			try {
				if (process.isAlive()) {
					resume(name);
				}
			}
			catch (Exception ex) {
				// gone already
			}
		});
		// The processes first, while what they use is still there: otherwise their shutdown waits for it.
		children.close();
		for (int i = toClose.size() - 1; i >= 0; i--) {
			try {
				toClose.get(i).close();
			}
			catch (Exception ex) {
				log("could not stop cleanly: " + ex);
			}
		}
		toClose.clear();
	}

	static void log(String message) {
		System.out.println("[faults " + TIME_OF_DAY.format(LocalTime.now()) + "] " + message);
	}

}
