package ticketing.order.catalog;

import java.time.Instant;

/** A registered user, the buyer of orders. */
public record User(long id, String nickname, Instant registeredAt) {

}
