package ticketing.testsupport;

import java.util.Locale;

/**
 * Settings of the test infrastructure: a system property such as {@code ticketing.test.postgres.port}, else the
 * environment variable of the same name in upper case with underscores ({@code TICKETING_TEST_POSTGRES_PORT}), else
 * the default.
 * <table>
 * <caption>Settings</caption>
 * <tr><td>ticketing.test.infrastructure</td><td>local</td><td>local or containers</td></tr>
 * <tr><td>ticketing.test.postgres.host / port</td><td>127.0.0.1 / 5432</td><td>local PostgreSQL server</td></tr>
 * <tr><td>ticketing.test.postgres.username / password</td><td>postgres / (empty)</td><td>a role that may create
 * databases</td></tr>
 * <tr><td>ticketing.test.redis.host / port</td><td>127.0.0.1 / 6379</td><td>local Redis server</td></tr>
 * </table>
 */
public final class TestSettings {

	private TestSettings() {
	}

	public static String get(String name, String defaultValue) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
		}
		return (value == null || value.isBlank()) ? defaultValue : value;
	}

	public static int getInt(String name, int defaultValue) {
		return Integer.parseInt(get(name, Integer.toString(defaultValue)));
	}

}
