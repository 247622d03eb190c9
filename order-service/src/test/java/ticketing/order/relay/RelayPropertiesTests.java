package ticketing.order.relay;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

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
	void shouldRoundTripTheEventIdsDatabaseAndBatchOfAProgressRecord() {
		RelayProgress progress = new RelayProgress("progress", "order-relay", () -> {
			throw new UnsupportedOperationException();
		}, Duration.ofSeconds(1));

		List<UUID> eventIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

		UUID databaseId = UUID.randomUUID();

		var record = progress.record(eventIds, databaseId, 42);

		assertThat(record.topic()).isEqualTo("progress");
		assertThat(record.key()).isEqualTo("order-relay");
		LastProgress read = RelayProgress.parse(record.value(), 7, 1);
		assertThat(read.eventIds()).containsExactlyElementsOf(eventIds);
		assertThat(read.databaseId()).isEqualTo(databaseId);
		assertThat(read.batch()).isEqualTo(42);
		assertThat(read.namesDatabase()).isTrue();
	}

	@Test
	void shouldReadAProgressRecordWrittenBeforeRecordsNamedTheirDatabase() {
		UUID eventId = UUID.randomUUID();
		byte[] value = ("{\"event_ids\":[\"" + eventId + "\"],\"published_at\":\"2026-11-25T10:00:00Z\"}")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);

		LastProgress read = RelayProgress.parse(value, 7, 1);

		assertThat(read.eventIds()).containsExactly(eventId);
		assertThat(read.namesDatabase()).isFalse();
	}

	@Test
	void shouldKeepTheProgressRecordOfTheLargestBatchWellBelowKafkasLargestRecord() {
		RelayProgress progress = new RelayProgress("progress", "order-relay", () -> {
			throw new UnsupportedOperationException();
		}, Duration.ofSeconds(1));
		List<UUID> eventIds = java.util.stream.Stream.generate(UUID::randomUUID)
			.limit(RelayProperties.MAX_BATCH_SIZE)
			.toList();

		byte[] value = progress.record(eventIds, UUID.randomUUID(), Long.MAX_VALUE).value();

		// The broker's message.max.bytes and the producer's max.request.size default to about 1 MB
		assertThat(value.length).isLessThan(512 * 1024);
	}

	private static RelayProperties properties(Duration pollInterval, Duration leaseDuration) {
		return new RelayProperties(true, "ticket-order", "order-relay-offsets", "order-relay", null, 100,
				DataSize.ofMegabytes(4), Duration.ofMillis(5), pollInterval,
				leaseDuration, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1),
				Duration.ofMinutes(1));
	}

}
