package ticketing.analytics.streams;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record that cannot be read (invalid JSON, missing ids, unknown schema version) is logged, copied to the
 * dead-letter topic with the reason in {@code __streams.errors.*} headers (KIP-1034), in the same transaction as the
 * rest, and skipped: Kafka Streams' own {@link LogAndContinueExceptionHandler}, and each dead letter counted
 * ({@link StreamsDeadLetters}).
 */
public final class PoisonRecordDeserializationHandler extends LogAndContinueExceptionHandler {

	private StreamsDeadLetters deadLetters = StreamsDeadLetters.none();

	@Override
	public void configure(Map<String, ?> configs) {
		super.configure(configs);
		this.deadLetters = StreamsDeadLetters.from(configs);
	}

	@Override
	public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
			Exception exception) {
		Response response = super.handleError(context, record, exception);
		this.deadLetters.count(record.topic(), exception);
		return response;
	}

}
