/** The catalogue this service reads: users and contents (read-only). */
@NullMarked
package ticketing.order.catalog;

import org.jspecify.annotations.NullMarked;
