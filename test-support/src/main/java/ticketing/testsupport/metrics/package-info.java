/** What the tests check of the metrics the services expose: the repository's Grafana dashboard. */
@NullMarked
package ticketing.testsupport.metrics;

import org.jspecify.annotations.NullMarked;
