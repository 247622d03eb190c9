/**
 * The S3 data lake: every committed order written exactly once into JSON Lines objects, partitioned by event date and
 * Kafka partition, for tools that read S3 directly (recommendation training). S3 holds the progress: a partition's
 * reading resumes after the last offset already in an object, so a crash or rebalance at any point never writes a
 * record twice.
 */
@NullMarked
package ticketing.analytics.lake;

import org.jspecify.annotations.NullMarked;
