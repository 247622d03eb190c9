package ticketing.order.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Kafka health that exactly-once depends on, as meters: a transaction that stays open holds back every
 * {@code read_committed} reader of its partitions (they see nothing past its first record until it ends), so the
 * consumers stop although the relay publishes.
 * <ul>
 * <li>{@value #OPEN_TOO_LONG}: transactions of any producer of the cluster open longer than
 * {@code ticketing.order.transaction-health.open-longer-than}; anything above 0 for long is a stuck producer or a
 * hanging transaction (find it with {@code kafka-transactions.sh find-hanging}, end it with {@code abort}).</li>
 * <li>{@value #UNSTABLE}, per partition of the order topic: records past the last stable offset, written by
 * transactions not yet ended; what {@code read_committed} readers cannot see yet. A few hundred while the relay
 * commits, growing without end behind a hanging transaction.</li>
 * </ul>
 * Read from the brokers every {@code check-interval}, not when scraped; no value (NaN) while they cannot be asked.
 */
@Component
class TopicTransactionsMetrics implements DisposableBean {

	static final String OPEN_TOO_LONG = "ticketing.kafka.transactions.open-too-long";

	static final String UNSTABLE = "ticketing.kafka.unstable-records";

	private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(TopicTransactionsMetrics.class);

	private final String topic;

	private final Duration openLongerThan;

	private final Admin admin;

	private final MeterRegistry registry;

	/** NaN until known, and while Kafka does not answer. */
	private volatile double openTooLong = Double.NaN;

	/** Per partition; NaN while Kafka does not answer. */
	private final Map<Integer, Double> unstable = new ConcurrentHashMap<>();

	private volatile boolean failing;

	TopicTransactionsMetrics(RelayProperties relay, TransactionHealthProperties health, KafkaAdmin kafkaAdmin,
			MeterRegistry registry) {
		this.topic = relay.topic();
		this.openLongerThan = health.openLongerThan();
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
		this.registry = registry;
		Gauge.builder(OPEN_TOO_LONG, this, (metrics) -> metrics.openTooLong)
			.description("Kafka transactions of the cluster open longer than " + this.openLongerThan
					+ " (stuck or hanging: they hold back read_committed readers)")
			.register(registry);
	}

	@Scheduled(fixedDelayString = "${ticketing.order.transaction-health.check-interval}")
	void check() {
		try {
			int tooLong = this.admin
				.listTransactions(new ListTransactionsOptions().filterOnDuration(this.openLongerThan.toMillis()))
				.all()
				.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.size();
			this.openTooLong = tooLong;
			unstableRecords().forEach((partition, records) -> {
				if (this.unstable.put(partition, records.doubleValue()) == null) {
					Gauge.builder(UNSTABLE, this, (metrics) -> metrics.unstable.getOrDefault(partition, Double.NaN))
						.description("Records past the last stable offset: written by Kafka transactions not yet "
								+ "ended, not yet visible to read_committed readers")
						.tag("topic", this.topic)
						.tag("partition", Integer.toString(partition))
						.register(this.registry);
				}
			});
			if (this.failing) {
				log.info("Kafka answers again: transactions open too long and unstable records are reported again");
				this.failing = false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			this.openTooLong = Double.NaN;
			this.unstable.replaceAll((partition, records) -> Double.NaN);
			if (!this.failing) {
				log.warn("Cannot ask Kafka about open transactions on {} ({}); {} and {} have no value until it "
						+ "answers", this.topic, ex.getMessage(), OPEN_TOO_LONG, UNSTABLE);
				this.failing = true;
			}
		}
	}

	/** Per partition: the end offset minus the last stable offset (what a read_committed reader can reach). */
	private Map<Integer, Long> unstableRecords() throws InterruptedException, ExecutionException, TimeoutException {
		TopicDescription description = this.admin.describeTopics(List.of(this.topic))
			.allTopicNames()
			.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.get(this.topic);
		List<TopicPartition> partitions = description.partitions()
			.stream()
			.map((partition) -> new TopicPartition(this.topic, partition.partition()))
			.toList();
		Map<TopicPartition, ListOffsetsResultInfo> end = latest(partitions, IsolationLevel.READ_UNCOMMITTED);
		Map<TopicPartition, ListOffsetsResultInfo> stable = latest(partitions, IsolationLevel.READ_COMMITTED);
		return partitions.stream()
			.collect(Collectors.toMap(TopicPartition::partition,
					(partition) -> Math.max(0, end.get(partition).offset() - stable.get(partition).offset())));
	}

	private Map<TopicPartition, ListOffsetsResultInfo> latest(List<TopicPartition> partitions,
			IsolationLevel isolation) throws InterruptedException, ExecutionException, TimeoutException {
		return this.admin
			.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> OffsetSpec.latest())),
					new ListOffsetsOptions(isolation))
			.all()
			.get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
