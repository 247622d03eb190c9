package ticketing.order.relay;

/** The points of a relay round at which {@link RelayFailureInjector} may crash or pause it. */
public enum RelayStep {

	/** A new relay incarnation called initTransactions (older ones are fenced), before it recovers. */
	ACTIVATED,

	/** A batch of unpublished rows was read from PostgreSQL. */
	BATCH_READ,

	/** The batch and its progress record were sent in an open Kafka transaction, not yet committed. */
	EVENTS_SENT,

	/** The Kafka transaction committed; PostgreSQL does not know yet. */
	KAFKA_COMMITTED,

	/** PostgreSQL stamped the batch as published. */
	POSTGRES_MARKED

}
