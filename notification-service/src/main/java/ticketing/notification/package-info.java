@NullMarked
package ticketing.notification;

import org.jspecify.annotations.NullMarked;
