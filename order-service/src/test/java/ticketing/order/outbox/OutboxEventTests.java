package ticketing.order.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxEventTests {

	private final List<OutboxEvent> events = IntStream.rangeClosed(1, 10).mapToObj(OutboxEventTests::event).toList();

	private final long size = events.get(0).size();

	@Test
	void shouldTakeTheEventsThatFitTheBytes() {
		assertThat(OutboxEvent.upToBytes(events, 3 * size)).hasSize(3);
		assertThat(OutboxEvent.upToBytes(events, 3 * size + size - 1)).hasSize(3);
		assertThat(OutboxEvent.upToBytes(events, 100 * size)).hasSize(10);
	}

	@Test
	void shouldAlwaysTakeOneEventEvenLargerThanTheBound() {
		assertThat(OutboxEvent.upToBytes(events, 1)).containsExactly(events.get(0));
	}

	@Test
	void shouldCountKeyValueAndHeaders() {
		OutboxEvent event = events.get(0);

		assertThat(event.size()).isEqualTo(event.key().length() + event.payload().length() + 36
				+ event.eventType().length() + event.traceparent().length());
	}

	private static OutboxEvent event(int id) {
		return new OutboxEvent(id, UUID.randomUUID(), "TicketOrderPlaced", "100",
				"{\"order_id\":\"" + (1000 + id) + "\",\"user_id\":\"100\",\"content_id\":\"1\"}",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Instant.EPOCH);
	}

}
