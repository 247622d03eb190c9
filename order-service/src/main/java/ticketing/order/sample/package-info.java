/** Sample users, contents and orders for the demo and the tests (ticketing.sample-data.enabled). */
@NullMarked
package ticketing.order.sample;

import org.jspecify.annotations.NullMarked;
