package ticketing.analytics.lake;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LakeObjectKeyTests {

	private static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	/** A topic id as Kafka writes it: 22 characters of URL-safe base64, '-' and '_' included. */
	private static final String TOPIC_ID = "q-7Xy_0aQmKc3bRtuVwXyA";

	@Test
	void shouldNameAnObjectByTopicDatePartitionTopicIdAndFirstOffsetOnly() {
		// Given the objects of a batch of partition 2 starting at offset 5
		LakeObjectKey plain = new LakeObjectKey("ticket-order", TOPIC_ID, DATE, 2, 5, false);
		LakeObjectKey gzip = new LakeObjectKey("ticket-order", TOPIC_ID, DATE, 2, 5, true);

		// When they are named / Then the name says all of it, and reads back the same
		assertThat(plain.key()).isEqualTo(
				"ticket-order/date=2026-11-25/partition=2/q-7Xy_0aQmKc3bRtuVwXyA-00000000000000000005.jsonl");
		assertThat(gzip.key()).endsWith(".jsonl.gz");
		assertThat(LakeObjectKey.parse(plain.key())).contains(plain);
		assertThat(LakeObjectKey.parse(gzip.key())).contains(gzip);
	}

	@Test
	void shouldSortKeysInOffsetOrderAndStartAfterOlderObjects() {
		// Given objects of one partition, written in offset order
		List<String> keys = List.of(new LakeObjectKey("t", TOPIC_ID, DATE, 0, 9, false).key(),
				new LakeObjectKey("t", TOPIC_ID, DATE, 0, 10, false).key(),
				new LakeObjectKey("t", TOPIC_ID, DATE, 0, 100, false).key());

		// When S3 sorts them (lexicographically) / Then that is offset order
		assertThat(keys.stream().sorted().toList()).isEqualTo(keys);
		// And a listing that starts after the prefix of offset 10 skips exactly the objects that start before 10
		String startAfter = LakeObjectKey.topicIdPrefix("t", DATE, 0, TOPIC_ID) + LakeObjectKey.offset(10);
		assertThat(keys).filteredOn((key) -> key.compareTo(startAfter) > 0).containsExactly(keys.get(1), keys.get(2));
	}

	@Test
	void shouldKeepTheObjectsOfARecreatedTopicApart() {
		// Given the same offset of a topic and of the topic created again under its name
		String old = new LakeObjectKey("t", TOPIC_ID, DATE, 0, 0, false).key();
		String recreated = new LakeObjectKey("t", "AAAAAAAAAAAAAAAAAAAAAA", DATE, 0, 0, false).key();

		// Then they are different objects, and a listing of one topic id's prefix never sees the other's
		assertThat(recreated).isNotEqualTo(old);
		assertThat(old).startsWith(LakeObjectKey.topicIdPrefix("t", DATE, 0, TOPIC_ID));
		assertThat(recreated).doesNotStartWith(LakeObjectKey.topicIdPrefix("t", DATE, 0, TOPIC_ID));
	}

	@Test
	void shouldIgnoreKeysThatAreNotLakeObjects() {
		String folder = "ticket-order/date=2026-11-25/partition=0/";
		assertThat(LakeObjectKey.parse("ticket-order/README.txt")).isEmpty();
		assertThat(LakeObjectKey.parse("ticket-order/date=2026-13-45/partition=0/" + TOPIC_ID + "-00000000000000000001.jsonl"))
			.isEmpty();
		assertThat(LakeObjectKey.parse(folder + TOPIC_ID + "-00000000000000000001.csv")).isEmpty();
		// an upload in progress, as S3Proxy lists it
		assertThat(LakeObjectKey.parse(folder + TOPIC_ID + "-00000000000000000001.jsonl-3f0c")).isEmpty();
		// the keys of earlier versions: first-last offsets, then the first offset without a topic id
		assertThat(LakeObjectKey.parse(folder + "00000000000000000001-00000000000000000002.jsonl")).isEmpty();
		assertThat(LakeObjectKey.parse(folder + "00000000000000000001.jsonl")).isEmpty();
	}

}
