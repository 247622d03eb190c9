/**
 * The Kafka Streams analytics: live orders copied to their own topic, and users with suspiciously many orders in one
 * time window (ticket scalping), with exactly-once processing.
 */
@NullMarked
package ticketing.analytics.streams;

import org.jspecify.annotations.NullMarked;
