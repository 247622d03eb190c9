package ticketing.order.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ticketing.contract.TicketOrderPlaced;
import ticketing.order.TestProperties;
import ticketing.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's reads of the outbox on PostgreSQL: the oldest unpublished rows in id order, and, while the previous
 * batch is still being committed, the oldest but that batch's rows.
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

	private static List<Long> idsOf(List<OutboxEvent> events) {
		return events.stream().map(OutboxEvent::id).toList();
	}

}
