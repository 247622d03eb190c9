package ticketing.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;

import ticketing.testsupport.kafka.ContainerKafkaCluster;
import ticketing.testsupport.kafka.InProcessKafkaCluster;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.ContainerPostgresServer;
import ticketing.testsupport.postgres.LocalPostgresServer;
import ticketing.testsupport.postgres.PostgresTestServer;
import ticketing.testsupport.redis.ContainerRedisServer;
import ticketing.testsupport.redis.LocalRedisServer;
import ticketing.testsupport.redis.RedisTestServer;
import ticketing.testsupport.s3.InProcessS3Server;
import ticketing.testsupport.s3.MinioS3Server;
import ticketing.testsupport.s3.S3TestServer;

/**
 * The shared servers of this JVM, each started on first use and stopped when the JVM exits. Which servers depends on
 * the {@link InfrastructureBackend}. Spring Boot tests use these in a {@code @DynamicPropertySource} method; plain
 * tests get isolated handles as parameters through {@link RealInfrastructure}.
 */
public final class TestInfrastructure {

	private static final InfrastructureBackend BACKEND = InfrastructureBackend.configured();

	private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();

	private static @Nullable KafkaTestCluster kafka;

	private static @Nullable S3TestServer s3;

	private static @Nullable PostgresTestServer postgres;

	private static @Nullable RedisTestServer redis;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopAll, "test-infrastructure-shutdown"));
	}

	private TestInfrastructure() {
	}

	public static InfrastructureBackend backend() {
		return BACKEND;
	}

	/** Whether the configured backend can run here: always for LOCAL; for CONTAINERS, when Docker answers. */
	public static boolean isAvailable() {
		return BACKEND == InfrastructureBackend.LOCAL || isDockerAvailable();
	}

	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	/** The shared Kafka cluster: 3 brokers, 1 controller, RF 3 and min.insync.replicas 2 by default. */
	public static synchronized KafkaTestCluster kafka() {
		if (kafka == null) {
			kafka = start(() -> (BACKEND == InfrastructureBackend.LOCAL) ? InProcessKafkaCluster.start()
					: ContainerKafkaCluster.start());
		}
		return kafka;
	}

	/** The shared S3 server: in-process S3Proxy, or MinIO in a container. */
	public static synchronized S3TestServer s3() {
		if (s3 == null) {
			s3 = start(() -> (BACKEND == InfrastructureBackend.LOCAL) ? InProcessS3Server.start()
					: MinioS3Server.start());
		}
		return s3;
	}

	/** The shared PostgreSQL server: the configured local one, or one in a container. */
	public static synchronized PostgresTestServer postgres() {
		if (postgres == null) {
			postgres = start(() -> (BACKEND == InfrastructureBackend.LOCAL) ? LocalPostgresServer.connect()
					: ContainerPostgresServer.start());
		}
		return postgres;
	}

	/** The shared Redis server: the configured local one, or one in a container. */
	public static synchronized RedisTestServer redis() {
		if (redis == null) {
			redis = start(() -> (BACKEND == InfrastructureBackend.LOCAL) ? LocalRedisServer.connect()
					: ContainerRedisServer.start());
		}
		return redis;
	}

	private static <T extends AutoCloseable> T start(Supplier<T> starter) {
		if (!isAvailable()) {
			throw new IllegalStateException("The test infrastructure '" + BACKEND.name().toLowerCase()
					+ "' needs a Docker engine and none answers; run with -D" + InfrastructureBackend.PROPERTY
					+ "=local, or annotate the test with @RealInfrastructure so that it is skipped");
		}
		T server = starter.get();
		STARTED.push(server);
		return server;
	}

	private static synchronized void stopAll() {
		while (!STARTED.isEmpty()) {
			try {
				STARTED.pop().close();
			}
			catch (Exception ex) {
				System.err.println("Could not stop a test server cleanly: " + ex);
			}
		}
	}

}
