package ticketing.order.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ticketing.contract.TicketOrderPlaced;
import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The relay's reads of the outbox on PostgreSQL: the oldest unpublished rows in id order, and, while the previous
 * batch is still being committed, the oldest but that batch's rows; marking rows published, and deleting them after
 * the retention.
 */
@RealInfrastructure
@SpringBootTest(properties = { "ticketing.order.relay.enabled=false", "ticketing.sample-data.enabled=false" })
class OutboxIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.register(registry);
	}

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void emptyOutbox() {
		jdbc.sql("TRUNCATE order_outbox, order_outbox_pending").update();
	}

	@Test
	void shouldReadTheOldestUnpublishedRowsButTheExcludedOnes() {
		// Given six unpublished rows, the third of them already published
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			outbox.append(new TicketOrderPlaced("order-" + i, "user-" + i, null, "content-1", null, null, Instant.now()),
					"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Instant.now());
		}
		outbox.unpublished(10).forEach((event) -> ids.add(event.id()));
		outbox.markPublished(List.of(ids.get(2)));

		// When reading without, and then without the first and the fourth row (a batch not stamped yet)
		List<Long> all = idsOf(outbox.unpublished(3));
		List<Long> butExcluded = idsOf(outbox.unpublished(3, List.of(ids.get(0), ids.get(3))));
		List<Long> more = idsOf(outbox.unpublished(10, List.of(ids.get(0), ids.get(3))));

		// Then rows come in id order, published and excluded ones left out, up to the limit
		assertThat(all).containsExactly(ids.get(0), ids.get(1), ids.get(3));
		assertThat(butExcluded).containsExactly(ids.get(1), ids.get(4), ids.get(5));
		assertThat(more).containsExactly(ids.get(1), ids.get(4), ids.get(5));
	}

	@Test
	void shouldMarkRowsPublishedByTheirEventIdsOnce() {
		// Given three unpublished rows
		List<UUID> eventIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			eventIds.add(append("order-" + i, Instant.now()));
		}

		// When the first two are marked published by their event ids (and an id no row has), then again
		int marked = outbox.markPublishedByEventIds(List.of(eventIds.get(0), eventIds.get(1), UUID.randomUUID()));
		int again = outbox.markPublishedByEventIds(List.of(eventIds.get(0), eventIds.get(1)));

		// Then only the third is still to publish, and the second marking changed nothing
		assertThat(marked).isEqualTo(2);
		assertThat(again).isZero();
		assertThat(outbox.unpublished(10)).extracting(OutboxEvent::eventId).containsExactly(eventIds.get(2));
		assertThat(outbox.countUnpublished()).isOne();
		assertThat(outbox.count()).isEqualTo(3);
	}

	@Test
	void shouldDeletePublishedRowsPastTheRetentionButNeverAnUnpublishedOne() {
		// Given rows of orders placed two hours ago, published and not, and a published row of a recent order
		Instant old = Instant.now().minus(Duration.ofHours(2));
		UUID oldPublished = append("order-old-published", old);
		UUID oldWaiting = append("order-old-waiting", old);
		UUID recentPublished = append("order-recent-published", Instant.now());
		outbox.markPublishedByEventIds(List.of(oldPublished, recentPublished));

		// When rows past a retention of an hour are deleted
		int deleted = outbox.deletePublishedOlderThan(Duration.ofHours(1));

		// Then only the old published row is gone: the old one still waiting is published later, as usual
		assertThat(deleted).isOne();
		assertThat(outbox.count()).isEqualTo(2);
		assertThat(outbox.unpublished(10)).extracting(OutboxEvent::eventId).containsExactly(oldWaiting);
	}

	@Test
	void shouldReportHowManyEventsWaitForTheRelayAndForHowLong() {
		// Given no event waiting
		assertThat(outbox.backlog()).isEqualTo(new Outbox.Backlog(0, null));
		await().untilAsserted(() -> {
			assertThat(meters.get(OutboxMetrics.WAITING).gauge().value()).isZero();
			assertThat(meters.get(OutboxMetrics.AGE).gauge().value()).isZero();
		});

		// When three orders wait, the first placed two minutes ago
		Instant twoMinutesAgo = Instant.now().minus(Duration.ofMinutes(2));
		append("order-1", twoMinutesAgo);
		append("order-2", Instant.now());
		UUID third = append("order-3", Instant.now());

		// Then the outbox and its meters say three, the next one to publish waiting for two minutes
		assertThat(outbox.backlog().waiting()).isEqualTo(3);
		assertThat(outbox.backlog().firstPlaced()).isCloseTo(twoMinutesAgo, within(1, ChronoUnit.MILLIS));
		await().untilAsserted(() -> {
			assertThat(meters.get(OutboxMetrics.WAITING).gauge().value()).isEqualTo(3);
			assertThat(meters.get(OutboxMetrics.AGE).gauge().value()).isBetween(120.0, 180.0);
		});

		// And once the first two are published, one waits, for as long as its own order
		List<Long> firstTwo = idsOf(outbox.unpublished(2));
		outbox.markPublished(firstTwo);
		await().untilAsserted(() -> {
			assertThat(meters.get(OutboxMetrics.WAITING).gauge().value()).isEqualTo(1);
			assertThat(meters.get(OutboxMetrics.AGE).gauge().value()).isBetween(0.0, 60.0);
		});
		assertThat(outbox.markPublishedByEventIds(List.of(third))).isEqualTo(1);
		await().untilAsserted(() -> assertThat(meters.get(OutboxMetrics.WAITING).gauge().value()).isZero());
	}

	private UUID append(String orderId, Instant placedAt) {
		return outbox.append(new TicketOrderPlaced(orderId, "user-1", null, "content-1", null, null, placedAt),
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", placedAt);
	}

	private static List<Long> idsOf(List<OutboxEvent> events) {
		return events.stream().map(OutboxEvent::id).toList();
	}

}
