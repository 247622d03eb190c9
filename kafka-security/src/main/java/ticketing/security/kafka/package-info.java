@NullMarked
package ticketing.security.kafka;

import org.jspecify.annotations.NullMarked;
