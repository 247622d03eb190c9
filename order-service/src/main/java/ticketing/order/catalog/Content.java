package ticketing.order.catalog;

import java.time.Instant;

/** Something to buy a ticket for: a live show, a stage play, a movie, a comedy night, ... */
public record Content(long id, String title, String category, Instant publishedAt) {

}
