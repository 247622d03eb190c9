/** Placing orders: one PostgreSQL transaction writes the order, its outbox event and its idempotency key. */
@NullMarked
package ticketing.order.domain;

import org.jspecify.annotations.NullMarked;
