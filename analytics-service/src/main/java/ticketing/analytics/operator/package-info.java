/**
 * The operator's view of the pipeline: the newest orders, suspicious users and dead letters, read from Kafka as a
 * {@code read_committed} consumer sees them.
 */
@NullMarked
package ticketing.analytics.operator;

import org.jspecify.annotations.NullMarked;
