package ticketing.testsupport.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Spring Boot's configuration processor wrote for the module under test
 * ({@code META-INF/spring-configuration-metadata.json}): the properties IDEs complete, and explain with these
 * descriptions.
 */
public final class ConfigurationMetadata {

	private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private ConfigurationMetadata() {
	}

	/** Every property of the metadata on the class path, by name, with its description ("" when it has none). */
	public static Map<String, String> descriptions() {
		JsonNode metadata;
		try (InputStream json = ConfigurationMetadata.class.getClassLoader().getResourceAsStream(LOCATION)) {
			if (json == null) {
				throw new IllegalStateException(LOCATION + " is not on the class path: is spring-boot-configuration-processor "
						+ "an annotation processor of the build?");
			}
			metadata = JsonMapper.builder().build().readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> descriptions = new TreeMap<>();
		metadata.get("properties")
			.forEach((property) -> descriptions.put(property.get("name").asString(),
					property.path("description").asString("")));
		return descriptions;
	}

}
