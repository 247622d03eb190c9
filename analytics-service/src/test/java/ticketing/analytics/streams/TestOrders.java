package ticketing.analytics.streams;

import java.util.concurrent.atomic.AtomicLong;

import ticketing.contract.TicketOrderPlaced;

/** Ticket orders for tests: each with a new order id. */
public final class TestOrders {

	private static final AtomicLong ORDER_IDS = new AtomicLong();

	private TestOrders() {
	}

	public static TicketOrderPlaced order(String userId, String category) {
		return new TicketOrderPlaced("order-" + ORDER_IDS.incrementAndGet(), userId, "nick-" + userId, "content-1",
				"A show", category, null);
	}

	public static TicketOrderPlaced liveOrder(String userId) {
		return order(userId, TicketOrderPlaced.LIVE);
	}

}
