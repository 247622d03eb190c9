/** The relay: publishes the outbox to Kafka exactly once, in Kafka transactions, one instance at a time. */
@NullMarked
package ticketing.order.relay;

import org.jspecify.annotations.NullMarked;
