package ticketing.order.relay;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayPropertiesTests {

	@Test
	void shouldWaitAtMostThePollInterval() {
		assertThat(properties(Duration.ofSeconds(2), Duration.ofSeconds(30)).idleWait()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void shouldRenewTheLeaseWellBeforeItExpiresWhenThePollIntervalIsLong() {
		assertThat(properties(Duration.ofMinutes(1), Duration.ofSeconds(9)).idleWait())
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void shouldRoundTripTheEventIdsOfAProgressRecord() {
		RelayProgress progress = new RelayProgress("progress", "order-relay", () -> {
			throw new UnsupportedOperationException();
		}, Duration.ofSeconds(1));

		List<UUID> eventIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

		var record = progress.record(eventIds);

		assertThat(record.topic()).isEqualTo("progress");
		assertThat(record.key()).isEqualTo("order-relay");
		assertThat(RelayProgress.eventIds(record.value())).containsExactlyElementsOf(eventIds);
	}

	private static RelayProperties properties(Duration pollInterval, Duration leaseDuration) {
		return new RelayProperties(true, "ticket-order", "order-relay-offsets", "order-relay", null, 100, pollInterval,
				leaseDuration, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(1));
	}

}
