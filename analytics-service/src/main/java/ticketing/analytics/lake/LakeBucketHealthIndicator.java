package ticketing.analytics.lake;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * S3 as this instance sees it, {@code s3} in {@code /actuator/health} and in its readiness group: UP when the lake's
 * bucket answers. The lake writer waits for S3 by itself (it retries without committing); this tells an operator,
 * and a load balancer ({@code GET /lake/summary} reads S3), that it cannot reach it.
 */
@Component("s3")
class LakeBucketHealthIndicator extends AbstractHealthIndicator {

	/** Short: a probe must answer before its own timeout (Kubernetes' default is 1 s, compose's here 5 s). */
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final LakeStore store;

	LakeBucketHealthIndicator(LakeStore store) {
		super("S3 health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.store.checkBucket(TIMEOUT);
		builder.up().withDetail("bucket", this.store.bucket());
	}

}
