@NullMarked
package ticketing.testsupport.net;

import org.jspecify.annotations.NullMarked;
