package ticketing.benchmark;

/**
 * The users and contents of the rush and the open-loop loads: 10,000 users (a ticket rush is many people buying once
 * or twice, not the demo's 5 users buying all the time) and 50 contents, added to the benchmark's own demo database.
 * Their ids start far above the sample data's, so the two never meet.
 */
final class RushCatalogue {

	static final int FIRST_USER = 2_000_000;

	static final int USERS = 10_000;

	static final int FIRST_CONTENT = 2_000_000;

	static final int CONTENTS = 50;

	private RushCatalogue() {
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
