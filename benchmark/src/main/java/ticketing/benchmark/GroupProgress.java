package ticketing.benchmark;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (Kafka Streams' application id is its group) has committed: whether it has processed a
 * topic up to given offsets. A Streams application commits its input offsets in the same transaction as its output,
 * so a committed offset is processed, exactly once.
 */
final class GroupProgress implements AutoCloseable {

	private final Admin admin;

	/** @param client bootstrap servers and the settings of a user who may read the groups' offsets */
	GroupProgress(Properties client) {
		this.admin = Admin.create(client);
	}

	/** Whether the group committed past {@code lastOffsets} (partition -> offset of the last record) of the topic. */
	boolean passed(String group, String topic, Map<Integer, Long> lastOffsets) {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(5, TimeUnit.SECONDS);
			return lastOffsets.entrySet().stream().allMatch((last) -> {
				OffsetAndMetadata offset = committed.get(new TopicPartition(topic, last.getKey()));
				return offset != null && offset.offset() > last.getValue();
			});
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
