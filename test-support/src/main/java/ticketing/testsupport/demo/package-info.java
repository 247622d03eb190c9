/**
 * The default demo's data as its user sees it ({@link ticketing.testsupport.demo.DemoDataSnapshot}), for the tests
 * that prove that the tools (the benchmark, the fault-injection suite) leave it as it was.
 */
@NullMarked
package ticketing.testsupport.demo;

import org.jspecify.annotations.NullMarked;
