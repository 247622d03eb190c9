/** Code under test in a separate JVM, for tests that kill it. */
@NullMarked
package ticketing.testsupport.process;

import org.jspecify.annotations.NullMarked;
