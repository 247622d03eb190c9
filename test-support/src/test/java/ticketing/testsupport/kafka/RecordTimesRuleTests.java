package ticketing.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No code that writes records to a real broker stamps them with a date written into it: such a test passes until the
 * date is a retention period old, then fails on every clone (it happened: records of 2026-11-25). Times come from
 * {@link RecordTimes}; tests that run a topology in a TopologyTestDriver, with no broker, may use fixed instants.
 */
class RecordTimesRuleTests {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	/** Code that talks to the test cluster or builds Kafka records. */
	private static final Pattern WRITES_RECORDS = Pattern.compile("KafkaTestCluster|ProducerRecord");

	/** A fixed point in time: a parsed literal, an epoch literal, or a date built from numbers. */
	static final Pattern FIXED_INSTANT = Pattern.compile("Instant\\.parse\\(\\s*\"|ofEpoch(Milli|Second)\\(\\s*\\d{6,}"
			+ "|\\b(LocalDate|LocalDateTime|ZonedDateTime|OffsetDateTime)\\.of\\(\\s*\\d");

	@Test
	void shouldFindNoFixedInstantInCodeThatWritesRecords() throws IOException {
		List<String> offenders = new ArrayList<>();
		try (Stream<Path> files = Files.walk(ROOT)) {
			files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> ROOT.relativize(file).toString().contains("/src/"))
				.filter((file) -> !file.toString().contains("/target/"))
				// This file's own examples of what it forbids
				.filter((file) -> !file.getFileName().toString().equals(RecordTimesRuleTests.class.getSimpleName() + ".java"))
				.forEach((file) -> offenders.addAll(fixedInstants(file)));
		}

		assertThat(offenders).as("fixed instants in code that writes Kafka records (use RecordTimes)").isEmpty();
	}

	@Test
	void shouldRecogniseTheFixedInstantsItForbids() {
		assertThat(FIXED_INSTANT.matcher("Instant START = Instant.parse(\"2026-11-25T10:00:00Z\");").find()).isTrue();
		assertThat(FIXED_INSTANT.matcher("new ProducerRecord<>(t, null, Instant.ofEpochMilli(1764064800000L)").find())
			.isTrue();
		assertThat(FIXED_INSTANT.matcher("LocalDate.of(2026, 11, 25)").find()).isTrue();
		assertThat(FIXED_INSTANT.matcher("RecordTimes.ago(Duration.ofHours(3))").find()).isFalse();
		assertThat(FIXED_INSTANT.matcher("Instant.parse(order.get(\"createdAt\").asString())").find()).isFalse();
	}

	private static List<String> fixedInstants(Path file) {
		try {
			String source = Files.readString(file);
			if (!WRITES_RECORDS.matcher(source).find()) {
				return List.of();
			}
			List<String> found = new ArrayList<>();
			String[] lines = source.split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				Matcher matcher = FIXED_INSTANT.matcher(lines[i]);
				if (matcher.find()) {
					found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines[i].trim());
				}
			}
			return found;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
