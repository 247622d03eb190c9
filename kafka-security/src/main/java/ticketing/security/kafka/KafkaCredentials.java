package ticketing.security.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A Kafka user's SASL/SCRAM-SHA-512 name and password, and the client settings that sign in with them over a
 * {@code SASL_PLAINTEXT} listener: the way every client of the system's clusters connects (./demo, the tests'
 * clusters). The password is never part of {@link #toString()}.
 * @param username the principal's name ({@code User:<username>} in ACLs)
 * @param password its password
 */
public record KafkaCredentials(String username, String password) {

	public static final String MECHANISM = "SCRAM-SHA-512";

	public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";

	public KafkaCredentials {
		// A quote or a backslash would end the JAAS option early; the settings below would not parse.
		if (password.isEmpty() || password.contains("\"") || password.contains("\\")) {
			throw new IllegalArgumentException("The password of Kafka user " + username
					+ " must be non-empty and hold no quote or backslash");
		}
	}

	/** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} of a client signed in so. */
	public Map<String, String> clientSettings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SECURITY_PROTOCOL);
		settings.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
		settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
		return settings;
	}

	/** {@link #clientSettings()} and the bootstrap servers, for a plain Kafka client. */
	public Properties clientProperties(String bootstrapServers) {
		Properties props = new Properties();
		props.putAll(clientConfigs(bootstrapServers));
		return props;
	}

	/** The same as {@link #clientProperties(String)}, as a map. */
	public Map<String, Object> clientConfigs(String bootstrapServers) {
		Map<String, Object> configs = new LinkedHashMap<>();
		configs.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		configs.putAll(clientSettings());
		return configs;
	}

	/**
	 * The settings a service reads its cluster and Kafka user from ({@code KAFKA_BOOTSTRAP_SERVERS},
	 * {@code KAFKA_USERNAME} and {@code KAFKA_PASSWORD}, placeholders of the services' application.yml), as Spring
	 * properties: they work as command-line arguments, test properties or default properties alike.
	 */
	public Map<String, Object> springProperties(String bootstrapServers) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
		properties.put("KAFKA_USERNAME", username);
		properties.put("KAFKA_PASSWORD", password);
		return properties;
	}

	/** {@link #springProperties(String)} as command-line arguments of a Spring Boot application. */
	public List<String> springArguments(String bootstrapServers) {
		List<String> arguments = new ArrayList<>();
		springProperties(bootstrapServers).forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments;
	}

	/** The lines of a client configuration file ({@code --command-config} of Kafka's tools). */
	public String configFile(String bootstrapServers) {
		StringBuilder file = new StringBuilder();
		file.append(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).append('=').append(bootstrapServers).append('\n');
		clientSettings().forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
		return file.toString();
	}

	private String jaasConfig() {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
				+ "\" password=\"" + password + "\";";
	}

	@Override
	public String toString() {
		return "KafkaCredentials[username=" + username + ", password=(hidden)]";
	}

}
