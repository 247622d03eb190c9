package ticketing.security.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaCredentialsTests {

	private final KafkaCredentials user = new KafkaCredentials("order-service", "s3cret-Pa55");

	@Test
	void shouldSignInWithScramOverSasl() {
		assertThat(user.clientProperties("localhost:19092")).containsEntry("bootstrap.servers", "localhost:19092")
			.containsEntry("security.protocol", "SASL_PLAINTEXT")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
			.containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
					+ "username=\"order-service\" password=\"s3cret-Pa55\";");
	}

	@Test
	void shouldGiveAServiceItsSettingsByTheNamesOfItsApplicationYml() {
		assertThat(user.springArguments("kafka-1:9092")).containsExactly("--KAFKA_BOOTSTRAP_SERVERS=kafka-1:9092",
				"--KAFKA_USERNAME=order-service", "--KAFKA_PASSWORD=s3cret-Pa55");
	}

	@Test
	void shouldNeverShowThePassword() {
		assertThat(user.toString()).contains("order-service").doesNotContain("s3cret");
	}

	@Test
	void shouldRefuseAPasswordThatWouldBreakTheJaasSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> new KafkaCredentials("x", "a\"b"));
		assertThatIllegalArgumentException().isThrownBy(() -> new KafkaCredentials("x", "a\\b"));
		assertThatIllegalArgumentException().isThrownBy(() -> new KafkaCredentials("x", ""));
	}

}
