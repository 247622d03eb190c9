package ticketing.analytics.lake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Uuid;

/**
 * Asks the cluster for a topic's id: what tells a topic from one deleted and created again under its name (or from
 * the topic of another cluster), whose offsets start at 0 again.
 */
final class TopicIds implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Admin admin;

	/** @param consumerProperties the lake consumer's settings: the connection ones (servers, security) are used */
	TopicIds(Map<String, Object> consumerProperties) {
		Map<String, Object> props = new java.util.HashMap<>();
		consumerProperties.forEach((name, value) -> {
			if (AdminClientConfig.configNames().contains(name)) {
				props.put(name, value);
			}
		});
		props.put(AdminClientConfig.CLIENT_ID_CONFIG,
				consumerProperties.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "analytics-lake") + "-topic-ids");
		this.admin = Admin.create(props);
	}

	/**
	 * The topic's id now.
	 * @throws LookupFailedException when the cluster does not answer in time or does not know the topic
	 */
	Uuid of(String topic) {
		try {
			return this.admin.describeTopics(List.of(topic))
				.topicNameValues()
				.get(topic)
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.topicId();
		}
		catch (ExecutionException ex) {
			throw new LookupFailedException(topic, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new LookupFailedException(topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LookupFailedException(topic, ex);
		}
	}

	@Override
	public void close() {
		this.admin.close(Duration.ZERO);
	}

	/** The topic's id could not be learned now; worth trying again later. */
	static final class LookupFailedException extends RuntimeException {

		LookupFailedException(String topic, Throwable cause) {
			super("Cannot tell the id of topic " + topic + ": " + cause.getMessage(), cause);
		}

	}

}
