package ticketing.order.relay;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How order-service watches the Kafka transactions that hold back every {@code read_committed} reader of the order
 * topic ({@code ticketing.order.transaction-health}); see {@link TopicTransactionsMetrics}.
 *
 * @param checkInterval  how often the brokers are asked
 * @param openLongerThan a transaction open longer than this counts as too long: the relay's last a few hundred
 *                       milliseconds, and the brokers abort any after its producer's {@code transaction.timeout.ms}
 *                       (30 s for the relay), so one seen here is stuck or hanging
 */
@ConfigurationProperties("ticketing.order.transaction-health")
@Validated
record TransactionHealthProperties(@NotNull @DurationMin(seconds = 1) Duration checkInterval,
		@NotNull @DurationMin(seconds = 1) Duration openLongerThan) {
}
