/**
 * Each user's latest purchase, kept in Redis: applied atomically and order-safely from ticket-order events, read by
 * the API.
 */
@NullMarked
package ticketing.notification.purchase;

import org.jspecify.annotations.NullMarked;
