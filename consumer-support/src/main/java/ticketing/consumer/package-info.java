/**
 * Consumer-side handling shared by every service that reads {@code ticket-order}: how values are deserialized, which
 * failures are poison (straight to the dead-letter topic, with the reason in headers) and which are transient (retried
 * with back-off until they succeed, never skipped).
 */
@NullMarked
package ticketing.consumer;

import org.jspecify.annotations.NullMarked;
