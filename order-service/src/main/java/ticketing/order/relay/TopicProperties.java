package ticketing.order.relay;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the service creates its topics when they are missing (setup/kafka/topics.conf is the reference).
 *
 * @param partitions        partitions of the event topic
 * @param replicationFactor replicas of every partition
 * @param minInsyncReplicas replicas that must have an acks=all write
 */
@ConfigurationProperties("ticketing.order.topics")
@Validated
public record TopicProperties(@Min(1) int partitions, @Min(1) short replicationFactor, @Min(1) int minInsyncReplicas) {

}
