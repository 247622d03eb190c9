package ticketing.security.issuer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The demo's tokens as the services read them: Spring Security's own decoder, with the public key file. */
class TokenIssuerTests {

	@TempDir
	Path folder;

	@Test
	void shouldSignTokensThatTheServicesDecoderAcceptsWithThePublicKeyFile() throws Exception {
		TokenIssuer issuer = TokenIssuer.inFolder(folder);

		Jwt user = decoder(folder).decode(issuer.userToken(100, Duration.ofMinutes(5)));
		Jwt operator = decoder(folder).decode(issuer.operatorToken(Duration.ofMinutes(5)));

		assertThat(user.getSubject()).isEqualTo("100");
		assertThat(user.getAudience()).containsExactly(TokenIssuer.AUDIENCE);
		assertThat(user.getClaimAsString("iss")).isEqualTo(TokenIssuer.ISSUER);
		assertThat(user.getClaimAsStringList("roles")).isEmpty();
		assertThat(user.getExpiresAt()).isBetween(Instant.now().plusSeconds(240), Instant.now().plusSeconds(301));
		assertThat(operator.getSubject()).isEqualTo(TokenIssuer.OPERATOR_SUBJECT);
		assertThat(operator.getClaimAsStringList("roles")).containsExactly("operator");
	}

	@Test
	void shouldKeepTheKeyOfAFolderAndTheSigningKeyForItsOwnerOnly() throws Exception {
		String first = TokenIssuer.inFolder(folder).publicKeyPem();

		assertThat(TokenIssuer.inFolder(folder).publicKeyPem()).isEqualTo(first);
		assertThat(TokenIssuer.load(folder).publicKeyPem()).isEqualTo(first);
		assertThat(Files.getPosixFilePermissions(folder.resolve(TokenIssuer.PRIVATE_KEY_FILE)))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
	}

	@Test
	void shouldBeRefusedWhenExpiredOrSignedByAnotherKey() throws Exception {
		TokenIssuer.inFolder(folder);
		TokenIssuer stranger = TokenIssuer.generate();
		String expired = TokenIssuer.load(folder)
			.token("100", List.of(), Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));

		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder(folder).decode(stranger.userToken(100, Duration.ofMinutes(5))));
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder(folder).decode(expired))
			.withMessageContaining("expired");
	}

	@Test
	void shouldSayWhatIsWrongWithAFileThatIsNoKey() throws Exception {
		Files.writeString(folder.resolve(TokenIssuer.PRIVATE_KEY_FILE), "not a key");

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> TokenIssuer.load(folder))
			.withMessageContaining("is not an RSA private key in PKCS#8 PEM");
	}

	private static JwtDecoder decoder(Path folder) throws Exception {
		String pem = Files.readString(folder.resolve(TokenIssuer.PUBLIC_KEY_FILE));
		assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
		byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").strip());
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
		return NimbusJwtDecoder.withPublicKey(key).build();
	}

}
