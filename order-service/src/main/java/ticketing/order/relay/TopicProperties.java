package ticketing.order.relay;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the service creates its topics when they are missing (setup/kafka/topics.conf is the reference).
 *
 * @param partitions        partitions of the event topic
 * @param replicationFactor replicas of every partition
 * @param minInsyncReplicas replicas that must have an acks=all write
 */
@ConfigurationProperties("ticketing.order.topics")
public record TopicProperties(int partitions, short replicationFactor, int minInsyncReplicas) {

}
