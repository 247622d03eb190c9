package ticketing.notification.health;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Kafka as this service sees it: UP when the cluster answers and every listener container runs; DOWN otherwise, with
 * the reason. Spring Boot has no Kafka health indicator of its own.
 */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final Admin admin;

	private final KafkaListenerEndpointRegistry listeners;

	KafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners) {
		super("Kafka health check failed");
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
		this.listeners = listeners;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeClusterResult cluster = admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
		String clusterId;
		int brokers;
		try {
			clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
		}
		catch (TimeoutException ex) {
			builder.down().withDetail("error", "the cluster did not answer within " + TIMEOUT.toSeconds() + " s");
			return;
		}
		Map<String, String> containers = new TreeMap<>();
		boolean allRunning = true;
		for (MessageListenerContainer container : listeners.getListenerContainers()) {
			boolean running = container.isRunning();
			allRunning &= running;
			containers.put(container.getListenerId(), running ? "running" : "stopped");
		}
		(allRunning ? builder.up() : builder.down()).withDetail("clusterId", clusterId)
			.withDetail("brokers", brokers)
			.withDetail("listeners", containers);
	}

	@Override
	public void destroy() {
		admin.close(Duration.ofSeconds(1));
	}

}
