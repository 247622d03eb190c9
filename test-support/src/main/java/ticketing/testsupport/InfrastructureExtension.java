package ticketing.testsupport;

import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.redis.RedisTestKeyspace;
import ticketing.testsupport.s3.S3TestBucket;

/**
 * Skips tests whose infrastructure cannot run here (containers without Docker) and resolves the infrastructure
 * parameters of {@link RealInfrastructure} tests. A bucket, database or key space is created for the method (or the
 * class, when asked for in a {@code @BeforeAll} method or constructor) that declares it, and removed when that scope
 * ends.
 */
public class InfrastructureExtension implements ExecutionCondition, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(InfrastructureExtension.class);

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return evaluate(TestInfrastructure.backend(), TestInfrastructure::isDockerAvailable);
	}

	static ConditionEvaluationResult evaluate(InfrastructureBackend backend, BooleanSupplier dockerAvailable) {
		if (backend == InfrastructureBackend.LOCAL || dockerAvailable.getAsBoolean()) {
			return ConditionEvaluationResult.enabled("test infrastructure '" + backend + "'");
		}
		return ConditionEvaluationResult.disabled("no Docker engine answers, and " + InfrastructureBackend.PROPERTY
				+ "=containers needs one; the same tests run without Docker by default (local)");
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == KafkaTestCluster.class || type == S3TestBucket.class || type == PostgresTestDatabase.class
				|| type == RedisTestKeyspace.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		if (type == KafkaTestCluster.class) {
			return TestInfrastructure.kafka();
		}
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		String key = type.getName() + "#" + parameter.getIndex() + "@" + parameter.getDeclaringExecutable();
		if (type == S3TestBucket.class) {
			return store.computeIfAbsent(key, (k) -> TestInfrastructure.s3().createBucket(), S3TestBucket.class);
		}
		if (type == PostgresTestDatabase.class) {
			return store.computeIfAbsent(key, (k) -> TestInfrastructure.postgres().createDatabase(),
					PostgresTestDatabase.class);
		}
		if (type == RedisTestKeyspace.class) {
			return store.computeIfAbsent(key, (k) -> TestInfrastructure.redis().createKeyspace(),
					RedisTestKeyspace.class);
		}
		throw new ParameterResolutionException("Not an infrastructure parameter: " + type);
	}

}
