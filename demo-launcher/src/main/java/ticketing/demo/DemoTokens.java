package ticketing.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import ticketing.security.issuer.TokenIssuer;

/**
 * The demo's bearer tokens: a signing key pair made at the first start in the data folder ({@value #FOLDER}/), whose
 * public key the services check tokens with; {@code setup/bin/demo-token} signs a token for a sample user or an
 * operator with it. Demo values only: a deployment points the services at its identity provider instead.
 */
public final class DemoTokens {

	/** The folder of the demo's data folder that holds the key pair. */
	public static final String FOLDER = "token-keys";

	/** How long a printed token is valid: a day of trying the demo. */
	public static final Duration LIFETIME = Duration.ofHours(24);

	private DemoTokens() {
	}

	/** The demo's issuer, its key pair made now if the data folder has none yet. */
	public static TokenIssuer issuer(DemoFolder folder) throws IOException {
		return TokenIssuer.inFolder(folder.dir(FOLDER));
	}

	/** What a service needs to accept the demo's tokens, as environment variables. */
	public static Map<String, String> serviceEnvironment(DemoFolder folder) throws IOException {
		return Map.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION",
				"file:" + folder.dir(FOLDER).resolve(TokenIssuer.PUBLIC_KEY_FILE).toAbsolutePath());
	}

	/**
	 * What order-service needs to sign the page's visitors in as sample users (its {@code POST /demo/sign-in}): the
	 * folder of the signing key. Only order-service gets it, and only in the demo.
	 */
	public static Map<String, String> signInEnvironment(DemoFolder folder) throws IOException {
		return Map.of("TICKETING_ORDER_PAGE_DEMOSIGNINKEYS", folder.dir(FOLDER).toAbsolutePath().toString());
	}

}
