package ticketing.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against real servers. Test and lifecycle methods may declare parameters of type
 * {@link ticketing.testsupport.kafka.KafkaTestCluster}, {@link ticketing.testsupport.s3.S3TestBucket},
 * {@link ticketing.testsupport.postgres.PostgresTestDatabase} and {@link ticketing.testsupport.redis.RedisTestKeyspace};
 * the servers start once per JVM, and each bucket, database and key space is new for the test and removed after it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(InfrastructureExtension.class)
public @interface RealInfrastructure {

}
