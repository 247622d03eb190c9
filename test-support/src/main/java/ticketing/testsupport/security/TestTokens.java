package ticketing.testsupport.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import ticketing.security.issuer.TokenIssuer;

/**
 * One key pair per test JVM and bearer tokens signed with it; a service under test accepts them once its
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location} is {@link #publicKeyLocation()}.
 */
public final class TestTokens {

	/** The service property that names the key the tokens are checked with. */
	public static final String PUBLIC_KEY_LOCATION_PROPERTY = "spring.security.oauth2.resourceserver.jwt.public-key-location";

	private static final Duration LIFETIME = Duration.ofHours(2);

	private static final TokenIssuer ISSUER = TokenIssuer.generate();

	private static final Path FOLDER = writeKeys();

	private TestTokens() {
	}

	public static TokenIssuer issuer() {
		return ISSUER;
	}

	/** Where the public key is, as a Spring resource location. */
	public static String publicKeyLocation() {
		return "file:" + FOLDER.resolve(TokenIssuer.PUBLIC_KEY_FILE);
	}

	/** The folder of the tests' key pair, as a service's demo sign-in reads it ({@code token-signing-key.pem}). */
	public static Path keyFolder() {
		return FOLDER;
	}

	/** {@code Bearer <token>} of a shop user. */
	public static String user(long userId) {
		return "Bearer " + ISSUER.userToken(userId, LIFETIME);
	}

	/** {@code Bearer <token>} of an operator. */
	public static String operator() {
		return "Bearer " + ISSUER.operatorToken(LIFETIME);
	}

	/**
	 * The tokens of the request collections in {@code http/} ({@code @user100Token} to {@code @user104Token},
	 * {@code @operatorToken}), signed by the tests' key, to send them as written to a service under test.
	 */
	public static Map<String, String> requestCollectionTokens() {
		Map<String, String> tokens = new LinkedHashMap<>();
		for (long user = 100; user <= 104; user++) {
			tokens.put("user" + user + "Token", ISSUER.userToken(user, LIFETIME));
		}
		tokens.put("operatorToken", ISSUER.operatorToken(LIFETIME));
		return tokens;
	}

	private static Path writeKeys() {
		try {
			Path folder = Files.createTempDirectory("ticketing-test-tokens");
			ISSUER.writeTo(folder);
			folder.toFile().deleteOnExit();
			folder.resolve(TokenIssuer.PRIVATE_KEY_FILE).toFile().deleteOnExit();
			folder.resolve(TokenIssuer.PUBLIC_KEY_FILE).toFile().deleteOnExit();
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the test token keys", ex);
		}
	}

}
