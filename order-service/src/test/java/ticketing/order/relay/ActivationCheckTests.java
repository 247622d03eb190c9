package ticketing.order.relay;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ticketing.order.relay.ActivationCheck.Step;

import static org.assertj.core.api.Assertions.assertThat;

class ActivationCheckTests {

	private static final UUID DATABASE = UUID.randomUUID();

	private static final List<UUID> EVENTS = List.of(UUID.randomUUID());

	private final DatabaseState atBatch7 = new DatabaseState(DATABASE, Instant.parse("2026-12-01T10:00:00Z"), 7);

	@Test
	void shouldContinueWhenTheTopicHasNoRecordOrTheDatabaseStampedItsLastBatch() {
		assertThat(check(LastProgress.none(0))).isEqualTo(new ActivationCheck(Step.CONTINUE, 7, ""));
		assertThat(check(record(DATABASE, 7))).isEqualTo(new ActivationCheck(Step.CONTINUE, 7, ""));
	}

	@Test
	void shouldStampTheLastBatchWhenItWasCommittedToKafkaButNotStamped() {
		assertThat(check(record(DATABASE, 8))).isEqualTo(new ActivationCheck(Step.STAMP_LAST_BATCH, 8, ""));
	}

	@Test
	void shouldStampARecordWrittenBeforeRecordsNamedTheirDatabaseAsBeforeTheUpgrade() {
		LastProgress old = new LastProgress(EVENTS, null, -1, 3, 10);

		assertThat(check(old)).isEqualTo(new ActivationCheck(Step.STAMP_UNNUMBERED_BATCH, 7, ""));
	}

	@Test
	void shouldRefuseAnotherDatabase() {
		ActivationCheck check = check(record(UUID.randomUUID(), 7));

		assertThat(check.step()).isEqualTo(Step.REFUSE);
		assertThat(check.reason()).contains("a new database, or the wrong one").contains(DATABASE.toString())
			.contains("reconcile");
	}

	@Test
	void shouldRefuseADatabaseMoreThanOneBatchBehindTheTopic() {
		ActivationCheck check = check(record(DATABASE, 9));

		assertThat(check.step()).isEqualTo(Step.REFUSE);
		assertThat(check.reason()).contains("older than the topic").contains("up to 7").contains("batch 9");
	}

	@Test
	void shouldRefuseADatabaseAheadOfTheTopic() {
		ActivationCheck check = check(record(DATABASE, 6));

		assertThat(check.step()).isEqualTo(Step.REFUSE);
		assertThat(check.reason()).contains("the topic is older than the database");
	}

	private ActivationCheck check(LastProgress last) {
		return ActivationCheck.of(last, atBatch7, "order-relay-offsets");
	}

	private static LastProgress record(UUID databaseId, long batch) {
		return new LastProgress(EVENTS, databaseId, batch, 42, 64);
	}

}
