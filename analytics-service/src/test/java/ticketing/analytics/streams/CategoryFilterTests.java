package ticketing.analytics.streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.TicketOrderSerde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static ticketing.analytics.streams.TestOrders.order;
import static ticketing.analytics.streams.TopologyTestSupport.TOPICS;

/** The category filter, and what happens to records that cannot be read. */
class CategoryFilterTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, TicketOrderPlaced> orders;

	private TestOutputTopic<String, TicketOrderPlaced> liveOrders;

	@BeforeEach
	void setUp() {
		this.driver = TopologyTestSupport.driver(TopologyTestSupport.DEFAULT_RULES, this.stateDir);
		TicketOrderSerde serde = new TicketOrderSerde();
		this.orders = this.driver.createInputTopic(TOPICS.orders(), new StringSerializer(), serde.serializer());
		this.liveOrders = this.driver.createOutputTopic(TOPICS.liveOrders(), new StringDeserializer(),
				serde.deserializer());
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void shouldForwardOnlyLiveOrdersWithKeyAndValueUnchanged() {
		// Given orders of several categories, one without a category
		TicketOrderPlaced live = order("user-1", "live");
		TicketOrderPlaced liveInCapitals = order("user-2", "LIVE");
		TicketOrderPlaced stage = order("user-1", "stage");
		TicketOrderPlaced movie = order("user-3", "movie");
		TicketOrderPlaced noCategory = order("user-3", null);

		// When they are placed
		for (TicketOrderPlaced placed : new TicketOrderPlaced[] { live, stage, movie, noCategory, liveInCapitals }) {
			this.orders.pipeInput(placed.userId(), placed, NOW);
		}

		// Then only the live ones are forwarded, in order, with the same key, value and timestamp
		assertThat(this.liveOrders.readRecordsToList()).extracting(TestRecord::key, TestRecord::value,
				TestRecord::getRecordTime)
			.containsExactly(tuple("user-1", live, NOW),
					tuple("user-2", liveInCapitals, NOW));
	}

	@Test
	void shouldSkipUnreadableRecordsAndGoOn() {
		// Given a record that is not a ticket order, between two live orders
		TestInputTopic<String, byte[]> raw = this.driver.createInputTopic(TOPICS.orders(), new StringSerializer(),
				new ByteArraySerializer());
		TicketOrderPlaced before = order("user-1", "live");
		TicketOrderPlaced after = order("user-2", "live");

		// When the three are placed
		this.orders.pipeInput(before.userId(), before, NOW);
		raw.pipeInput("user-9", "{not json".getBytes(StandardCharsets.UTF_8), NOW);
		this.orders.pipeInput(after.userId(), after, NOW);

		// Then the stream went on: both valid orders passed the filter. (TopologyTestDriver does not write the
		// dead-letter records of KIP-1034; StreamsCrashIT checks the dead-letter topic on real brokers.)
		assertThat(this.liveOrders.readKeyValuesToList()).containsExactly(KeyValue.pair("user-1", before),
				KeyValue.pair("user-2", after));
	}

}
