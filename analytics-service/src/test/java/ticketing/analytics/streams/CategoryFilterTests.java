package ticketing.analytics.streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;

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

	private TestInputTopic<String, byte[]> orders;

	private TestOutputTopic<String, byte[]> liveOrders;

	@BeforeEach
	void setUp() {
		this.driver = TopologyTestSupport.driver(TopologyTestSupport.DEFAULT_RULES, this.stateDir);
		// Raw bytes on both sides: the filter promises the value unchanged, not an equal order.
		this.orders = this.driver.createInputTopic(TOPICS.orders(), new StringSerializer(), new ByteArraySerializer());
		this.liveOrders = this.driver.createOutputTopic(TOPICS.liveOrders(), new StringDeserializer(),
				new ByteArrayDeserializer());
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
			this.orders.pipeInput(placed.userId(), json(placed), NOW);
		}

		// Then only the live ones are forwarded, in order, with the same key, value and timestamp
		assertThat(this.liveOrders.readRecordsToList()).extracting(TestRecord::key, (record) -> text(record.value()),
				TestRecord::getRecordTime)
			.containsExactly(tuple("user-1", text(json(live)), NOW), tuple("user-2", text(json(liveInCapitals)), NOW));
	}

	@Test
	void shouldPassTheValueThroughByteForByte() {
		// Given a live order from a newer writer: a field this reader does not know, its own field order and spacing
		byte[] value = """
				{"user_id":"1", "order_id":"7","content_id":"1","category":"live","seat":"A-12"}"""
			.getBytes(StandardCharsets.UTF_8);
		Headers headers = EventHeaders.forTicketOrderPlaced("event-7",
				"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

		// When it is placed
		this.orders.pipeInput(new TestRecord<>("1", value, headers, NOW));

		// Then the live topic has the very same record: key, value bytes (the unknown field too), headers, timestamp
		TestRecord<String, byte[]> forwarded = this.liveOrders.readRecord();
		assertThat(forwarded.key()).isEqualTo("1");
		assertThat(forwarded.value()).asString(StandardCharsets.UTF_8).isEqualTo(text(value));
		assertThat(forwarded.value()).isEqualTo(value);
		assertThat(forwarded.getRecordTime()).isEqualTo(NOW);
		assertThat(forwarded.headers().toArray()).extracting(Header::key, (header) -> text(header.value()))
			.containsExactly(tuple(EventHeaders.EVENT_ID, "event-7"),
					tuple(EventHeaders.EVENT_TYPE, TicketOrderPlaced.EVENT_TYPE),
					tuple(EventHeaders.SCHEMA_VERSION, Integer.toString(TicketOrderPlaced.SCHEMA_VERSION)),
					tuple(EventHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		assertThat(this.liveOrders.isEmpty()).isTrue();
	}

	@Test
	void shouldSkipUnreadableRecordsAndGoOn() {
		// Given a record that is not a ticket order, a tombstone, and a live order of a schema version this reader
		// does not know, between two live orders
		TicketOrderPlaced before = order("user-1", "live");
		TicketOrderPlaced newerVersion = order("user-8", "live");
		TicketOrderPlaced after = order("user-2", "live");
		RecordHeaders version99 = new RecordHeaders();
		version99.add(EventHeaders.SCHEMA_VERSION, "99".getBytes(StandardCharsets.UTF_8));

		// When the five are placed
		this.orders.pipeInput(before.userId(), json(before), NOW);
		this.orders.pipeInput("user-9", "{not json".getBytes(StandardCharsets.UTF_8), NOW);
		this.orders.pipeInput("user-7", (byte[]) null, NOW); // a tombstone
		this.orders.pipeInput(new TestRecord<>(newerVersion.userId(), json(newerVersion), version99, NOW));
		this.orders.pipeInput(after.userId(), json(after), NOW);

		// Then the stream went on: both valid orders passed the filter, the three others did not. (TopologyTestDriver
		// does not write the dead-letter records of KIP-1034; StreamsCrashIT checks the dead-letter topic on real
		// brokers.)
		assertThat(this.liveOrders.readKeyValuesToList()).extracting((record) -> record.key,
				(record) -> text(record.value))
			.containsExactly(tuple("user-1", text(json(before))), tuple("user-2", text(json(after))));
	}

	private static byte[] json(TicketOrderPlaced order) {
		return TicketOrderJson.write(order);
	}

	private static String text(byte[] utf8) {
		return new String(utf8, StandardCharsets.UTF_8);
	}

}
