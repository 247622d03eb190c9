package ticketing.benchmark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one scalar field from a flat JSON object: enough for the services' small answers, without a JSON library. */
final class Fields {

	private Fields() {
	}

	/** The value of the first {@code "name": value} (a string's content, or a bare number), or "" when absent. */
	static String first(String json, String name) {
		Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9.]+))").matcher(json);
		if (!m.find()) {
			return "";
		}
		return m.group(2) != null ? m.group(2) : m.group(3);
	}

	static long firstLong(String json, String name) {
		String value = first(json, name);
		return value.isEmpty() ? -1 : Long.parseLong(value);
	}

}
