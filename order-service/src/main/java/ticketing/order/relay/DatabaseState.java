package ticketing.order.relay;

import java.time.Instant;
import java.util.UUID;

/**
 * What a database says about itself in its {@code relay_state} row: which database it is, and the last relay batch
 * whose rows it knows to be published.
 *
 * @param databaseId     created with the schema: a new database has a new one, a restored backup the original's
 * @param createdAt      when the schema was created, for the messages
 * @param batchesStamped the number of the last batch (Kafka transaction of the relay) this database stamped
 */
record DatabaseState(UUID databaseId, Instant createdAt, long batchesStamped) {
}
