/** The transactional outbox table: the events written with each order, waiting for the relay. */
@NullMarked
package ticketing.order.outbox;

import org.jspecify.annotations.NullMarked;
