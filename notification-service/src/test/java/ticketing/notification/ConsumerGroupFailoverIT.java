package ticketing.notification;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.kafka.RecordTimes;
import ticketing.testsupport.process.JavaProcess;
import ticketing.testsupport.redis.RedisTestKeyspace;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service share the group's partitions; one is killed (SIGKILL: no commit, no leaving the
 * group) in the middle of the stream. The other takes over its partitions from their last committed offsets.
 */
@RealInfrastructure
class ConsumerGroupFailoverIT {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final int USERS = 12;

	private static final int ORDERS_PER_USER = 10;

	@Test
	void shouldApplyEveryOrderOnceWhenOneOfTwoInstancesIsKilled(KafkaTestCluster kafka, RedisTestKeyspace redis)
			throws Exception {
		String topic = kafka.createTopic("ticket-order");
		String group = "notification-service-" + UUID.randomUUID();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.putAll(kafka.springProperties());
		properties.put("spring.kafka.consumer.group-id", group);
		// One consumer per instance, and a killed instance noticed after 6 s instead of 45 s.
		properties.put("spring.kafka.listener.concurrency", "1");
		properties.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
		properties.put("spring.kafka.consumer.heartbeat-interval", "1s");
		properties.put("notification.consumer.topic", topic);
		properties.put("notification.consumer.dead-letter-topic", kafka.createTopic("ticket-order.DLT"));
		properties.put("notification.redis.key-prefix", redis.prefix());
		properties.put("spring.data.redis.host", TestInfrastructure.redis().host());
		properties.put("spring.data.redis.port", TestInfrastructure.redis().port());
		properties.put("server.port", "0");
		properties.put(TestTokens.PUBLIC_KEY_LOCATION_PROPERTY, TestTokens.publicKeyLocation());
		List<String> users = IntStream.range(0, USERS).mapToObj((i) -> "u" + i + "-" + group.substring(21, 29)).toList();
		Instant start = RecordTimes.ago(Duration.ofMinutes(10));

		// Given two instances of the service in one group, one of them in its own JVM
		Process other = startInAnotherJvm(properties);
		try (Admin admin = kafka.admin(); Orders orders = new Orders(kafka, topic)) {
			await("the other instance in the group").atMost(PATIENCE)
				.until(() -> assignedMembers(admin, group).size() == 1);
			try (ConfigurableApplicationContext here = new SpringApplicationBuilder(
					NotificationServiceApplication.class)
				.run(NotificationServiceIT.arguments(properties))) {
				await("both instances with partitions").atMost(PATIENCE)
					.until(() -> assignedMembers(admin, group).size() == 2);

				// When half of the orders are consumed, the other instance is killed, and the rest arrive
				int half = USERS * ORDERS_PER_USER / 2;
				for (int i = 0; i < half; i++) {
					send(orders, users, start, i);
				}
				// (each partition has users, so both instances have applied orders by now)
				await("orders applied on every partition").atMost(PATIENCE)
					.until(() -> users.stream().allMatch((user) -> redis.commands().exists(key(redis, user)) == 1));
				other.destroyForcibly().waitFor();
				for (int i = half; i < USERS * ORDERS_PER_USER; i++) {
					send(orders, users, start, i);
				}

				// Then the remaining instance takes over, and every user's last order is applied, every order once
				await("every order applied").atMost(PATIENCE).untilAsserted(() -> {
					for (int u = 0; u < USERS; u++) {
						int last = USERS * (ORDERS_PER_USER - 1) + u;
						assertThat(redis.commands().hgetall(key(redis, users.get(u))))
							.containsEntry("order_id", users.get(u) + "-o" + last)
							.containsEntry("updates", Integer.toString(ORDERS_PER_USER));
					}
				});
				assertThat(assignedMembers(admin, group)).hasSize(1);
			}
		}
		finally {
			other.destroyForcibly();
		}
	}

	/** Order {@code i}: of user {@code i % USERS}, whose orders all go to partition {@code user % 3}. */
	private static void send(Orders orders, List<String> users, Instant start, int i) {
		int u = i % USERS;
		String user = users.get(u);
		orders.send(u % KafkaTestCluster.PARTITIONS,
				Orders.order(user + "-o" + i, user, Integer.toString(i), start.plusSeconds(i)), Orders.headers());
	}

	private static String key(RedisTestKeyspace redis, String user) {
		return redis.prefix() + "user:" + user + ":last-purchase";
	}

	/** The members of the group that have partitions assigned. */
	private static List<MemberDescription> assignedMembers(Admin admin, String group) throws Exception {
		Collection<MemberDescription> members;
		try {
			members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return List.of();
			}
			throw ex;
		}
		return members.stream().filter((m) -> !m.assignment().topicPartitions().isEmpty()).toList();
	}

	/** The service as its own process, on this test's class path; its output goes to target/. */
	private static Process startInAnotherJvm(Map<String, Object> properties) throws Exception {
		return JavaProcess.start(NotificationServiceApplication.class, "256m",
				Path.of("target/failover-other-instance.log"), List.of(NotificationServiceIT.arguments(properties)));
	}

}
