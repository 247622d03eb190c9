package ticketing.faults;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** What the suite asks the cluster's admin API: partitions, their offsets, a group's committed offsets. */
final class KafkaOffsets implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 30;

	private final Admin admin;

	KafkaOffsets(String bootstrapServers) {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.admin = Admin.create(props);
	}

	List<String> topics() throws Exception {
		return get(admin.listTopics().names()).stream().sorted().toList();
	}

	Map<String, TopicDescription> describe(Collection<String> topics) throws Exception {
		return get(admin.describeTopics(topics).allTopicNames());
	}

	List<TopicPartition> partitions(Collection<String> topics) throws Exception {
		return describe(topics).values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((p) -> new TopicPartition(topic.name(), p.partition())))
			.toList();
	}

	/** The offset a read_committed consumer reads up to: the last stable offset. */
	Map<TopicPartition, Long> lastStable(Collection<TopicPartition> partitions) throws Exception {
		return offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
	}

	Map<TopicPartition, Long> logEnd(Collection<TopicPartition> partitions) throws Exception {
		return offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
	}

	Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) throws Exception {
		return offsets(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
	}

	/** The group's committed offsets; a partition it never committed is absent. */
	Map<TopicPartition, Long> committed(String group) throws Exception {
		return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().offset()));
	}

	/** Sets the group's committed offsets; refused while the group has members. */
	void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
		get(admin.alterConsumerGroupOffsets(group, offsets.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> new OffsetAndMetadata(e.getValue())))).all());
	}

	private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec,
			IsolationLevel isolation) throws Exception {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap(Function.identity(), (tp) -> spec));
		return get(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all()).entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().offset()));
	}

	private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
			throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		admin.close();
	}

}
