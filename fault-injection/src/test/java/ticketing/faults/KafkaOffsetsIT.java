package ticketing.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The reset behind the Redis fault: a group's offsets set back while members of a killed consumer linger. */
@RealInfrastructure
class KafkaOffsetsIT {

	@Test
	void shouldResetTheOffsetsOfAGroupOnceTheMembersOfAKilledConsumerAreRemoved(KafkaTestCluster kafka)
			throws Exception {
		String topic = kafka.createTopic("offsets");
		String group = "group-" + UUID.randomUUID();
		try (KafkaOffsets offsets = new KafkaOffsets(kafka.clientProperties());
				Consumer<String, String> lingering = new KafkaConsumer<>(
						kafka.consumerProperties(group, IsolationLevel.READ_COMMITTED))) {
			// Given a member that holds the group's partitions and no longer polls, like a killed consumer's
			lingering.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				lingering.poll(Duration.ofMillis(100));
				return !lingering.assignment().isEmpty();
			});
			Map<TopicPartition, Long> earliest = offsets.earliest(offsets.partitions(List.of(topic)));
			assertThatThrownBy(() -> offsets.commit(group, earliest)).as("refused while the group has members")
				.isInstanceOf(ExecutionException.class);

			// When its members are removed
			offsets.removeAllMembers(group);

			// Then the group's offsets can be set
			offsets.commit(group, earliest);
			assertThat(offsets.committed(group)).isEqualTo(earliest);
		}
	}

}
