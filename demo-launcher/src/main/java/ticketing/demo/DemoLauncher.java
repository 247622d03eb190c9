package ticketing.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import ticketing.security.issuer.TokenIssuer;
import ticketing.security.kafka.KafkaAccess;

/**
 * Runs the whole system in the foreground until Ctrl-C: Kafka (3 brokers, 1 controller), S3, PostgreSQL, Redis, the
 * topics, then the three services; afterwards it prints what runs where and how to try it.
 */
public final class DemoLauncher {

	private final DemoOptions options;

	private final List<AutoCloseable> toClose = new ArrayList<>();

	private DemoLauncher(DemoOptions options) {
		this.options = options;
	}

	public static void main(String[] args) {
		Path root = Path.of(System.getProperty("ticketing.root", ".")).toAbsolutePath().normalize();
		DemoOptions options;
		try {
			options = DemoOptions.parse(root, args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		if (List.of(args).contains("--help")) {
			System.out.println(DemoOptions.USAGE);
			return;
		}
		DemoLauncher launcher = new DemoLauncher(options);
		Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "demo-shutdown"));
		try {
			launcher.start();
		}
		catch (DemoException ex) {
			System.err.println("\n./demo: " + ex.getMessage());
			System.exit(1);
		}
		catch (Exception ex) {
			System.err.println("\n./demo failed: " + ex);
			ex.printStackTrace();
			System.exit(1);
		}
		launcher.waitForCtrlC();
	}

	private void start() throws Exception {
		Path root = options.root();
		Path setup = root.resolve("setup");
		Properties settings = LocalKafkaCluster.load(setup.resolve("demo/demo.properties"));
		String classpath = System.getProperty("java.class.path");

		DemoFolder folder = DemoFolder.open(options.dataDir(), options.reset());
		toClose.add(folder);
		LocalKafkaCluster kafka = LocalKafkaCluster.demo();
		kafka.requirePortsFree();
		Ports.requireFree(LocalS3Server.PORT, "S3 server");
		if (!options.infrastructureOnly()) {
			ServiceProcesses.requirePortsFree();
		}

		System.out.println("Starting the ticketing demo; data in " + folder.root());
		ChildProcesses children = new ChildProcesses();
		toClose.add(children);

		LocalStores stores = new LocalStores();
		toClose.add(stores);
		System.out.println("  PostgreSQL: " + stores.startPostgres(folder.dir("postgres")));
		System.out.println("  Redis: " + stores.startRedis());
		DemoStoreNames names = DemoStoreNames.of(root, folder.root(), settings);
		if (options.reset()) {
			stores.reset(names.database(), names.redisKeyPattern());
			System.out.println("  --reset: dropped the database " + names.database() + " and deleted the Redis keys "
					+ names.redisKeyPattern());
		}
		LocalStores.createDatabaseIfMissing(names.database());
		String redisUser = names.redisKeyPrefix().replace(":", "");
		LocalStores.createRedisUser(redisUser, settings.getProperty("redis.notification-password"),
				names.redisKeyPrefix(), setup.resolve("redis/notification-service.acl"));
		LocalStores.createApplicationRoleIfMissing(settings.getProperty("postgres.app-user"),
				settings.getProperty("postgres.app-password"));
		// One line in this form: benchmark.sh reads the database and the key pattern from it
		System.out.println("  this demo's database: " + names.database() + ", its Redis keys: " + names.redisKeyPattern());
		System.out.println("  order-service writes it as " + settings.getProperty("postgres.app-user")
				+ ", notification-service reads and writes them as the Redis user " + redisUser);

		String bucket = settings.getProperty("s3.bucket");
		toClose.add(LocalS3Server.start(folder.dir("s3"), settings.getProperty("s3.access-key"),
				settings.getProperty("s3.secret-key"), bucket, settings.getProperty("s3.lake-access-key"),
				settings.getProperty("s3.lake-secret-key")));
		System.out.println("  S3: http://127.0.0.1:" + LocalS3Server.PORT + " with the bucket " + bucket
				+ " (analytics-service as " + settings.getProperty("s3.lake-access-key") + ", that bucket only)");

		kafka.start(folder.dir("kafka"), folder.dir("logs"), setup, children, classpath);
		System.out.println("  Kafka: 3 brokers on " + kafka.bootstrapServers() + ", controller on 127.0.0.1:"
				+ kafka.controllerPort());
		List<String> created = TopicSetup.apply(setup.resolve("kafka/topics.conf"), kafka.adminClientProperties());
		System.out.println("  topics: " + (created.isEmpty() ? "all there" : "created " + created));
		int acls = KafkaAccess.apply(setup.resolve("kafka/access.conf"), kafka.adminClientProperties());
		System.out.println("  Kafka users " + kafka.users() + " (SASL/SCRAM), " + acls
				+ " ACLs of setup/kafka/access.conf; Kafka's tools sign in with --command-config "
				+ kafka.adminClientConfig());

		if (options.infrastructureOnly()) {
			System.out.println("\nThe infrastructure is running (Ctrl-C stops it); start the services yourself.");
			return;
		}
		// The services' own defaults point at the demo's ports; what differs is said here.
		// The services check bearer tokens with the demo's public key; setup/bin/demo-token signs them
		TokenIssuer tokens = DemoTokens.issuer(folder);
		Map<String, String> environment = new HashMap<>(DemoTokens.serviceEnvironment(folder));
		environment.putAll(Map.of("DEMO_DATA_DIR", folder.root().toString(), "S3_ENDPOINT",
				"http://127.0.0.1:" + LocalS3Server.PORT, "S3_ACCESS_KEY", settings.getProperty("s3.lake-access-key"),
				"S3_SECRET_KEY", settings.getProperty("s3.lake-secret-key"), "S3_BUCKET", bucket, "POSTGRES_URL",
				names.jdbcUrl(), "NOTIFICATION_KEY_PREFIX", names.redisKeyPrefix()));
		// notification-service signs in to Redis as its own user, limited to this demo's keys
		environment.putAll(Map.of("REDIS_USERNAME", redisUser, "REDIS_PASSWORD",
				settings.getProperty("redis.notification-password")));
		// order-service reads and writes rows as its own role; the migrations run as the schema's owner
		environment.putAll(Map.of("POSTGRES_USER", settings.getProperty("postgres.app-user"), "POSTGRES_PASSWORD",
				settings.getProperty("postgres.app-password"), "POSTGRES_OWNER_USER", "postgres"));
		// order-service alone signs the page's visitors in as sample users, with the demo's key
		Map<String, String> signIn = DemoTokens.signInEnvironment(folder);
		ServiceProcesses.startAll(root, folder, children, environment, (service) -> {
			Map<String, String> own = new HashMap<>(kafka.serviceEnvironment(service));
			if (service.equals("order-service")) {
				own.putAll(signIn);
			}
			return own;
		});
		System.out.println(DemoGuide.text(folder.root(), settings, names, kafka.adminClientConfig(), tokens.userToken(100, DemoTokens.LIFETIME),
				tokens.operatorToken(DemoTokens.LIFETIME)));
	}

	private void waitForCtrlC() {
		try {
			Thread.currentThread().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private synchronized void stop() {
		if (toClose.isEmpty()) {
			return;
		}
		System.out.println("\nStopping the demo...");
		for (int i = toClose.size() - 1; i >= 0; i--) {
			try {
				toClose.get(i).close();
			}
			catch (Exception ex) {
				System.err.println("  could not stop cleanly: " + ex.getMessage());
			}
		}
		toClose.clear();
		System.out.println("Stopped. The data stays in " + options.dataDir() + " (./demo --reset starts from empty).");
	}

}
