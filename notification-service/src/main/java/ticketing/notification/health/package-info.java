/** Health of the service's Kafka side (Redis's is Spring Boot's own indicator). */
@NullMarked
package ticketing.notification.health;

import org.jspecify.annotations.NullMarked;
