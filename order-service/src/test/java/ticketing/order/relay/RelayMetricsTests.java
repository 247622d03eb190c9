package ticketing.order.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RelayMetrics metrics = new RelayMetrics(registry);

	@Test
	void shouldCountARoundEndedByANewerRelayAsFencedNotAsFailed() {
		// When rounds end because a newer relay fenced this producer: directly, or wrapped as commitTransaction wraps
		// the failure of a send
		metrics.failed(new ProducerFencedException("There is a newer producer with the same transactionalId"));
		metrics.failed(new KafkaException("Cannot execute transactional method because we are in an error state",
				new InvalidProducerEpochException("Producer attempted to produce with an old epoch")));
		// and one because Kafka did not answer in time
		metrics.failed(new TimeoutException("Timeout expired after 30000 ms while awaiting EndTxn"));

		// Then two are fenced and one failed
		assertThat(registry.counter("ticketing.relay.fenced").count()).isEqualTo(2.0);
		assertThat(registry.counter("ticketing.relay.failures").count()).isEqualTo(1.0);
	}

}
