@NullMarked
package ticketing.testsupport.kafka;

import org.jspecify.annotations.NullMarked;
