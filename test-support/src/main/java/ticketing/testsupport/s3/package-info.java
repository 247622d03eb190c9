@NullMarked
package ticketing.testsupport.s3;

import org.jspecify.annotations.NullMarked;
