/**
 * The fault-injection suite: the whole system as separate processes, orders from concurrent clients, faults at seeded
 * moments (kill -9, SIGSTOP, a broker's hard stop, Redis restarted empty, S3 and PostgreSQL cut off, poison records,
 * aborted writes), then a count of every order everywhere it should be, exactly once.
 */
@NullMarked
package ticketing.faults;

import org.jspecify.annotations.NullMarked;
