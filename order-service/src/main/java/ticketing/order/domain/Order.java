package ticketing.order.domain;

import java.time.Instant;

/** A ticket order: a user bought a ticket for a content. */
public record Order(long id, long userId, long contentId, Instant createdAt) {

}
