package ticketing.analytics.streams;

import java.util.Arrays;
import java.util.Objects;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.TicketOrderSerde.TicketOrderDeserializer;

/**
 * A ticket order as read from the order topic: the value's bytes exactly as the producer wrote them, and the event
 * parsed from them. The processors decide on the event and forward the bytes, so that fields this reader does not
 * know (from a newer writer) and the writer's formatting reach the output topics unchanged.
 * @param bytes the record value; not copied: Kafka hands each record its own array and nothing here writes to it
 * @param event the order parsed from {@code bytes}
 */
record RawOrder(byte[] bytes, TicketOrderPlaced event) {

	/** The serde of the order topic's values: reads with {@code TicketOrderSerde}, writes the original bytes. */
	static Serde<RawOrder> serde() {
		return Serdes.serdeFrom(new RawOrderSerializer(), new RawOrderDeserializer());
	}

	// A record compares arrays by identity: compare and print their content instead.
	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof RawOrder that) && Arrays.equals(this.bytes, that.bytes)
				&& this.event.equals(that.event);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.bytes) + this.event.hashCode();
	}

	@Override
	public String toString() {
		return "RawOrder[" + this.bytes.length + " bytes, event=" + this.event + "]";
	}

	/** Writes the bytes the order was read from, not a new serialization of the event. */
	static final class RawOrderSerializer implements Serializer<RawOrder> {

		@Override
		public byte @Nullable [] serialize(String topic, @Nullable RawOrder order) {
			return (order == null) ? null : order.bytes();
		}

	}

	/**
	 * Reads with the contract's deserializer, headers included, so that an unreadable record (invalid JSON, a
	 * required id missing, a tombstone, an unknown schema version) still fails here, at deserialization, where the
	 * deserialization exception handler sends it to the dead-letter topic.
	 */
	static final class RawOrderDeserializer implements Deserializer<RawOrder> {

		private final TicketOrderDeserializer orders = new TicketOrderDeserializer();

		@Override
		public RawOrder deserialize(String topic, byte @Nullable [] data) {
			TicketOrderPlaced event = this.orders.deserialize(topic, data);
			// Not null: the contract's deserializer refuses a null value (a tombstone).
			return new RawOrder(Objects.requireNonNull(data), event);
		}

		@Override
		public RawOrder deserialize(String topic, Headers headers, byte @Nullable [] data) {
			TicketOrderPlaced event = this.orders.deserialize(topic, headers, data);
			return new RawOrder(Objects.requireNonNull(data), event);
		}

	}

}
