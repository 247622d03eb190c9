@NullMarked
package ticketing.order;

import org.jspecify.annotations.NullMarked;
