/** The REST API: orders, users and the content catalogue, with RFC 9457 problem details for every error. */
@NullMarked
package ticketing.order.api;

import org.jspecify.annotations.NullMarked;
