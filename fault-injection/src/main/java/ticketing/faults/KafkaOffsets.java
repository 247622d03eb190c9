package ticketing.faults;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/**
 * What the suite asks the cluster's admin API: partitions, their offsets, a group's committed offsets, the state of a
 * producer's transaction.
 */
final class KafkaOffsets implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 30;

	private final Admin admin;

	/** @param client bootstrap servers and the settings that sign in as a user who may read every group */
	KafkaOffsets(Properties client) {
		this.admin = Admin.create(client);
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
	/** Whether the group is stable with one member, which holds every partition of the topic. */
	boolean onlyMemberOwnsAll(String group, String topic) throws Exception {
		ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group)).describedGroups()
			.get(group));
		if (description.members().size() != 1 || description.groupState() != GroupState.STABLE) {
			return false;
		}
		long owned = description.members()
			.iterator()
			.next()
			.assignment()
			.topicPartitions()
			.stream()
			.filter((partition) -> partition.topic().equals(topic))
			.count();
		return owned == partitions(List.of(topic)).size();
	}

	void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
		get(admin.alterConsumerGroupOffsets(group, offsets.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> new OffsetAndMetadata(e.getValue())))).all());
	}

	/**
	 * Removes every member from the group, for a group whose consumers are all stopped: the members of a consumer that
	 * was killed stay in the group until their session times out (longer when the group's coordinator moved in
	 * between), and the group's offsets cannot be set meanwhile.
	 */
	void removeAllMembers(String group) throws Exception {
		RemoveMembersFromConsumerGroupOptions all = new RemoveMembersFromConsumerGroupOptions();
		all.reason("fault-injection: the service is stopped, its offsets are reset");
		get(admin.removeMembersFromConsumerGroup(group, all).all());
	}

	/**
	 * What the transaction coordinator knows of the transactional id: state, producer epoch, the partitions of the
	 * open transaction. Empty while the id never began a transaction.
	 */
	Optional<TransactionDescription> transaction(String transactionalId) throws Exception {
		try {
			return Optional.of(get(admin.describeTransactions(List.of(transactionalId)).description(transactionalId)));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TransactionalIdNotFoundException) {
				return Optional.empty();
			}
			throw ex;
		}
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
