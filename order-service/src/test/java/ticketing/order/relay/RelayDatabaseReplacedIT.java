package ticketing.order.relay;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ticketing.order.relay.RelayTestSystem.awaitAllPublished;
import static ticketing.order.relay.RelayTestSystem.awaitRefusal;
import static ticketing.order.relay.RelayTestSystem.placeOrder;

/**
 * Kafka outlives the database: a new database numbers its orders from 1 again, while the topic holds another
 * database's orders with those ids. Its relay must publish nothing until the replacement is made deliberately, and
 * then give the new orders ids the topic does not have.
 */
@RealInfrastructure
class RelayDatabaseReplacedIT {

	private final RelayTestSystem system = new RelayTestSystem();

	@Test
	void shouldRefuseANewDatabaseUntilReconciledThenPublishItsOrdersUnderIdsTheTopicDoesNotHave() {
		// Given a relay that published the 9 sample orders (ids 1 to 9) of a first database
		try (PostgresTestDatabase first = TestInfrastructure.postgres().createDatabase();
				ConfigurableApplicationContext service = system.start(first)) {
			awaitAllPublished(service);
			assertThat(system.published()).hasSize(9);
		}

		// When the service starts on an empty new database (same topics, same transactional.id), which gets its own
		// 9 sample orders, ids 1 to 9 again
		try (PostgresTestDatabase second = TestInfrastructure.postgres().createDatabase();
				ConfigurableApplicationContext service = system.start(second)) {
			Outbox outbox = service.getBean(Outbox.class);

			// Then its relay refuses, says why and what to do, and its health is down
			String refusal = awaitRefusal(service);
			assertThat(refusal).contains("a new database, or the wrong one")
				.contains("java -jar order-service.jar reconcile");
			assertThat(RelayTestSystem.healthStatus(service)).isEqualTo(503);
			// ... and nothing of it reached the topic
			assertThat(system.published()).hasSize(9);
			assertThat(outbox.countUnpublished()).isEqualTo(9);

			// When the replacement is made deliberately, with the service running
			assertThat(system.reconcile(second)).isZero();

			// Then the relay publishes the new database's orders, under ids after the topic's
			awaitAllPublished(service);
			long next = placeOrder(service, 100);
			assertThat(next).isGreaterThan(18);
			await().untilAsserted(() -> assertThat(system.published()).hasSize(19));
			List<ConsumerRecord<String, String>> published = system.published();
			assertThat(published.stream().map(PublishedEvents::orderId))
				.as("order ids in the topic")
				.doesNotHaveDuplicates()
				.contains(10L, 18L, next);
			assertThat(published.stream().map(RelayTestSystem::eventId)).doesNotHaveDuplicates();
			assertThat(RelayTestSystem.jdbc(second).sql("SELECT min(id) FROM ticket_orders").query(Long.class).single())
				.isEqualTo(10);
			assertThat(RelayTestSystem.healthStatus(service)).isEqualTo(200);
		}
	}

}
