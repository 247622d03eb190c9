package ticketing.analytics.lake;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LakeObjectKeyTests {

	private static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	@Test
	void shouldNameAnObjectByTopicDatePartitionAndFirstOffsetOnly() {
		// Given the objects of a batch of partition 2 starting at offset 5
		LakeObjectKey plain = new LakeObjectKey("ticket-order", DATE, 2, 5, false);
		LakeObjectKey gzip = new LakeObjectKey("ticket-order", DATE, 2, 5, true);

		// When they are named / Then the name says all of it, and reads back the same
		assertThat(plain.key()).isEqualTo("ticket-order/date=2026-11-25/partition=2/00000000000000000005.jsonl");
		assertThat(gzip.key()).endsWith(".jsonl.gz");
		assertThat(LakeObjectKey.parse(plain.key())).contains(plain);
		assertThat(LakeObjectKey.parse(gzip.key())).contains(gzip);
	}

	@Test
	void shouldSortKeysInOffsetOrderAndStartAfterOlderObjects() {
		// Given objects of one partition, written in offset order
		List<String> keys = List.of(new LakeObjectKey("t", DATE, 0, 9, false).key(),
				new LakeObjectKey("t", DATE, 0, 10, false).key(), new LakeObjectKey("t", DATE, 0, 100, false).key());

		// When S3 sorts them (lexicographically) / Then that is offset order
		assertThat(keys.stream().sorted().toList()).isEqualTo(keys);
		// And a listing that starts after the prefix of offset 10 skips exactly the objects that start before 10
		String startAfter = LakeObjectKey.partitionPrefix("t", DATE, 0) + LakeObjectKey.offset(10);
		assertThat(keys).filteredOn((key) -> key.compareTo(startAfter) > 0).containsExactly(keys.get(1), keys.get(2));
	}

	@Test
	void shouldIgnoreKeysThatAreNotLakeObjects() {
		assertThat(LakeObjectKey.parse("ticket-order/README.txt")).isEmpty();
		assertThat(LakeObjectKey.parse("ticket-order/date=2026-13-45/partition=0/00000000000000000001.jsonl")).isEmpty();
		assertThat(LakeObjectKey.parse("ticket-order/date=2026-11-25/partition=0/00000000000000000001.csv")).isEmpty();
		// an upload in progress, as S3Proxy lists it; and the keys of earlier versions (first-last offsets)
		assertThat(LakeObjectKey.parse("ticket-order/date=2026-11-25/partition=0/00000000000000000001.jsonl-3f0c"))
			.isEmpty();
		assertThat(LakeObjectKey
			.parse("ticket-order/date=2026-11-25/partition=0/00000000000000000001-00000000000000000002.jsonl")).isEmpty();
	}

}
