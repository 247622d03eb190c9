/**
 * The {@code ticket-order} consumer group: committed events into the purchase store, offsets committed after the
 * Redis write, poison records to the dead-letter topic, and the rebuild from the beginning of the topic.
 */
@NullMarked
package ticketing.notification.consumer;

import org.jspecify.annotations.NullMarked;
