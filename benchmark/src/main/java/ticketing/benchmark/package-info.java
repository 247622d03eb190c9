/**
 * What {@code ./benchmark} runs against the demo stack: the order API under closed-loop load, end-to-end latencies
 * through Kafka, Redis and S3, and pgbench and Kafka's own perf tools as references, in one run on one machine.
 */
@NullMarked
package ticketing.benchmark;

import org.jspecify.annotations.NullMarked;
