@NullMarked
package ticketing.testsupport.redis;

import org.jspecify.annotations.NullMarked;
