package ticketing.order.domain;

/**
 * The outcome of placing an order.
 *
 * @param order    the order
 * @param replayed true when an Idempotency-Key matched an earlier request: nothing was created this time
 */
public record PlacedOrder(Order order, boolean replayed) {

}
