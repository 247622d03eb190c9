package ticketing.testsupport.kafka;

import java.util.Map;

/**
 * Broker settings shared by the in-process and the container cluster: production-like durability, test-sized
 * internal topics.
 */
final class BrokerSettings {

	static final Map<String, String> PRODUCTION_LIKE = Map.ofEntries(
			// What the system's guarantees rest on: three copies, a write acknowledged by at least two.
			Map.entry("default.replication.factor", "3"), Map.entry("min.insync.replicas", "2"),
			Map.entry("offsets.topic.replication.factor", "3"),
			Map.entry("transaction.state.log.replication.factor", "3"),
			Map.entry("transaction.state.log.min.isr", "2"),
			// Topics are declared, never made by a typo in a client.
			Map.entry("auto.create.topics.enable", "false"),
			// Test-sized: 50 partitions each (the default) make the first group or transaction wait seconds.
			Map.entry("offsets.topic.num.partitions", "5"), Map.entry("transaction.state.log.num.partitions", "5"),
			// A new consumer group starts at once instead of waiting for more members.
			Map.entry("group.initial.rebalance.delay.ms", "0"),
			// Every request checked against ACLs, and refused where none allows it. Who is a super user, and the
			// SASL mechanisms, are each cluster's own.
			Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
			Map.entry("allow.everyone.if.no.acl.found", "false"));

	private BrokerSettings() {
	}

}
