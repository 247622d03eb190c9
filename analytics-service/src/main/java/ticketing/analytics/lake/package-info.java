/**
 * The S3 data lake: every committed order written exactly once into JSON Lines objects, partitioned by event date and
 * Kafka partition, for tools that read S3 directly (recommendation training). S3 holds the progress: a partition's
 * reading resumes after the last offset already in an object of the topic's id, and an object is created only where
 * none starts at the same offset, so a crash, a rebalance or a writer paused past its session never writes a record
 * twice.
 */
@NullMarked
package ticketing.analytics.lake;

import org.jspecify.annotations.NullMarked;
