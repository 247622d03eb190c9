package ticketing.contract;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka serializer, deserializer and Serde for {@link TicketOrderPlaced} values in their {@link TicketOrderJson} form.
 * The deserializer also refuses an unknown {@link EventHeaders#SCHEMA_VERSION}, so that a consumer wrapping it in
 * spring-kafka's {@code ErrorHandlingDeserializer} sends every invalid record to the dead-letter topic.
 */
public final class TicketOrderSerde implements Serde<TicketOrderPlaced> {

	@Override
	public Serializer<TicketOrderPlaced> serializer() {
		return new TicketOrderSerializer();
	}

	@Override
	public Deserializer<TicketOrderPlaced> deserializer() {
		return new TicketOrderDeserializer();
	}

	public static final class TicketOrderSerializer implements Serializer<TicketOrderPlaced> {

		@Override
		public byte @Nullable [] serialize(String topic, @Nullable TicketOrderPlaced event) {
			return (event == null) ? null : TicketOrderJson.write(event);
		}

	}

	public static final class TicketOrderDeserializer implements Deserializer<TicketOrderPlaced> {

		@Override
		public TicketOrderPlaced deserialize(String topic, byte @Nullable [] data) {
			if (data == null) {
				throw new InvalidEventException("the value is null (a tombstone), not a ticket order");
			}
			return TicketOrderJson.read(data);
		}

		@Override
		public TicketOrderPlaced deserialize(String topic, Headers headers, byte @Nullable [] data) {
			EventHeaders.requireSupportedSchemaVersion(headers);
			return deserialize(topic, data);
		}

	}

}
