package ticketing.contract;

/**
 * The names of the topics of the system. Their partitions, replication and settings are in
 * {@code setup/kafka/topics.conf}, which the setup scripts apply.
 */
public final class Topics {

	/** Every placed order, keyed by user id, written only by order-service's transactional relay. */
	public static final String TICKET_ORDER = "ticket-order";

	/** Records of {@link #TICKET_ORDER} that no consumer can process, with the reason in headers. */
	public static final String TICKET_ORDER_DLT = "ticket-order.DLT";

	/** The orders of {@link #TICKET_ORDER} for live shows only, key and value unchanged (Kafka Streams). */
	public static final String CATEGORY_FILTERED_TICKET_ORDER = "category-filtered-ticket-order";

	/** Users with many orders in one time window: key user id (String), value the count (Integer). */
	public static final String SUSPICIOUS_USER = "suspicious-user";

	/**
	 * order-service's relay progress: which outbox rows were published, written in the same Kafka transaction as the
	 * events (like Kafka Connect's exactly-once source offsets). Compacted; internal to order-service.
	 */
	public static final String ORDER_RELAY_OFFSETS = "order-relay-offsets";

	private Topics() {
	}

}
