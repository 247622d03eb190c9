@NullMarked
package ticketing.analytics;

import org.jspecify.annotations.NullMarked;
