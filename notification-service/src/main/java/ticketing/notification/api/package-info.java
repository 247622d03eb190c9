/** The HTTP API: a user's latest purchase with the link to the content's streaming page. */
@NullMarked
package ticketing.notification.api;

import org.jspecify.annotations.NullMarked;
