/**
 * The contract every service and test shares for the {@code ticket-order} topic: the event record and its JSON form,
 * the record headers, the topic names, and the JSON Schema of the value
 * ({@code ticketing/contract/ticket-order-placed.schema.json} on the classpath).
 */
@NullMarked
package ticketing.contract;

import org.jspecify.annotations.NullMarked;
