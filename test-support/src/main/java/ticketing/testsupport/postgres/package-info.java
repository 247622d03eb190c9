@NullMarked
package ticketing.testsupport.postgres;

import org.jspecify.annotations.NullMarked;
