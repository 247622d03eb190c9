package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ticketing.contract.InvalidEventException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A processor's failure under the service's Streams configuration: poison is skipped, anything else fails. */
class PoisonRecordProcessingHandlerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, String> input;

	private TestOutputTopic<String, String> output;

	@BeforeEach
	void start() {
		// A processor that cannot apply "poison" (the record's fault) and fails on "outage" (not the record's fault)
		StreamsBuilder builder = new StreamsBuilder();
		builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).mapValues((value) -> {
			if (value.equals("poison")) {
				throw new InvalidEventException("the value cannot be applied");
			}
			if (value.equals("outage")) {
				throw new IllegalStateException("a store did not answer");
			}
			return value.toUpperCase();
		}).to("out", Produced.with(Serdes.String(), Serdes.String()));
		Properties props = TopologyTestSupport.properties("handler-test", this.stateDir, new StreamsSettings(
				Duration.ofSeconds(5), TopologyTestSupport.TOPICS, TopologyTestSupport.DEFAULT_RULES));
		this.driver = new TopologyTestDriver(builder.build(), props);
		this.input = this.driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
		this.output = this.driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
	}

	@AfterEach
	void close() {
		this.driver.close();
	}

	@Test
	void shouldSkipARecordThatCausedTheFailureAndGoOn() {
		this.input.pipeInput("u1", "first", NOW);
		this.input.pipeInput("u2", "poison", NOW);
		this.input.pipeInput("u3", "after", NOW);

		assertThat(this.output.readValuesToList()).containsExactly("FIRST", "AFTER");
	}

	@Test
	void shouldFailTheTaskWhenTheRecordDidNotCauseTheFailure() {
		this.input.pipeInput("u1", "first", NOW);

		assertThatExceptionOfType(StreamsException.class).isThrownBy(() -> this.input.pipeInput("u2", "outage", NOW))
			.withRootCauseInstanceOf(IllegalStateException.class);
	}

}
