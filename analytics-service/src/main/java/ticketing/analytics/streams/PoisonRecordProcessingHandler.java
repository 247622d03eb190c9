package ticketing.analytics.streams;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ticketing.consumer.PoisonRecords;

/**
 * What a processor's failure on a record means, by the rule every consumer of the order topic shares
 * ({@link PoisonRecords}): a record the topology cannot apply goes to the dead-letter topic (KIP-1034, in the same
 * transaction as the rest, counted by {@link StreamsDeadLetters}) and the stream goes on; any other failure fails the
 * task, so that its transaction is aborted and the record is processed again once the cause is gone.
 */
public final class PoisonRecordProcessingHandler implements ProcessingExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(PoisonRecordProcessingHandler.class);

	private final LogAndContinueProcessingExceptionHandler deadLetters = new LogAndContinueProcessingExceptionHandler();

	private StreamsDeadLetters counted = StreamsDeadLetters.none();

	@Override
	public void configure(Map<String, ?> configs) {
		this.deadLetters.configure(configs);
		this.counted = StreamsDeadLetters.from(configs);
	}

	@Override
	public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
		if (PoisonRecords.isPoison(exception)) {
			Response response = this.deadLetters.handleError(context, record, exception);
			this.counted.count(context.topic(), exception);
			return response;
		}
		log.error("Processor {} failed on {}-{}@{} for a reason other than the record; failing the task so that the "
				+ "record is processed again, nothing of it committed", context.processorNodeId(), context.topic(),
				context.partition(), context.offset(), exception);
		return Response.fail();
	}

}
