package ticketing.benchmark;

import java.util.random.RandomGenerator;
import java.util.stream.LongStream;

/**
 * The users and contents of every load on the API (closed loop, open loop, rush) and of pgbench's script: 10,000 users
 * (a ticket sale is many people buying once or twice, not the demo's 5 users buying all the time, whose row locks
 * would queue every order behind the previous one of the same user) and 100 contents, added to the benchmark's own
 * demo database. Their ids start far above the sample data's, so the two never meet.
 */
final class RushCatalogue {

	static final int FIRST_USER = 2_000_000;

	static final int USERS = 10_000;

	static final int FIRST_CONTENT = 2_000_000;

	static final int CONTENTS = 100;

	private RushCatalogue() {
	}

	/** Every user's id, for their tokens to be signed before the loads. */
	static LongStream users() {
		return LongStream.range(FIRST_USER, FIRST_USER + USERS);
	}

	static long randomUser(RandomGenerator random) {
		return FIRST_USER + random.nextInt(USERS);
	}

	static long randomContent(RandomGenerator random) {
		return FIRST_CONTENT + random.nextInt(CONTENTS);
	}

	/** pgbench's variables :uid and :cid, drawn from the same users and contents. */
	static String pgbenchVariables() {
		return "\\set uid random(%d, %d)\n\\set cid random(%d, %d)\n".formatted(FIRST_USER, FIRST_USER + USERS - 1,
				FIRST_CONTENT, FIRST_CONTENT + CONTENTS - 1);
	}

	/** Inserts them (again: a second run finds them there already). */
	static String sql() {
		return """
				INSERT INTO users (id, nickname, registered_at)
				SELECT g, 'rush-user-' || g, now() FROM generate_series(%d, %d) g ON CONFLICT (id) DO NOTHING;
				INSERT INTO contents (id, title, category, published_at)
				SELECT g, 'Rush concert ' || g, CASE WHEN g %% 2 = 0 THEN 'live' ELSE 'stage' END, now()
				FROM generate_series(%d, %d) g ON CONFLICT (id) DO NOTHING;
				""".formatted(FIRST_USER, FIRST_USER + USERS - 1, FIRST_CONTENT, FIRST_CONTENT + CONTENTS - 1);
	}

}
