/**
 * Interactive queries over HTTP: the current per-window order counts of a user, answered by whichever instance owns
 * the user's partition.
 */
@NullMarked
package ticketing.analytics.streams.query;

import org.jspecify.annotations.NullMarked;
