/**
 * Real infrastructure for integration tests: Kafka, S3, PostgreSQL and Redis, started once per JVM and shared, with
 * each test isolated in its own topics, bucket, database and Redis key space.
 * <p>
 * Plain JUnit tests annotate the class with {@link ticketing.testsupport.RealInfrastructure} and declare what they need
 * as parameters ({@link ticketing.testsupport.kafka.KafkaTestCluster}, {@link ticketing.testsupport.s3.S3TestBucket},
 * {@link ticketing.testsupport.postgres.PostgresTestDatabase}, {@link ticketing.testsupport.redis.RedisTestKeyspace}).
 * Spring Boot tests reach the same shared servers through {@link ticketing.testsupport.TestInfrastructure} in a
 * {@code @DynamicPropertySource} method.
 * <p>
 * Which servers: {@link ticketing.testsupport.InfrastructureBackend}, chosen with
 * {@code -Dticketing.test.infrastructure=local|containers}.
 */
@NullMarked
package ticketing.testsupport;

import org.jspecify.annotations.NullMarked;
