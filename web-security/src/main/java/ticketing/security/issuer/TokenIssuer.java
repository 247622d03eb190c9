package ticketing.security.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The demo's identity provider, reduced to what a resource server sees of one: an RSA key pair (files
 * {@value #PRIVATE_KEY_FILE}, PKCS#8 PEM as {@code openssl genpkey} writes it, and {@value #PUBLIC_KEY_FILE}, the
 * X.509 PEM that Spring Boot's {@code public-key-location} reads) and RS256 JWTs signed with it: subject the user id
 * (or {@code operator}), issuer {@value #ISSUER}, audience {@value #AUDIENCE}, roles in {@code roles}. A real
 * deployment gets its tokens from its own identity provider instead; the services only hold the public key.
 * <p>
 * Also a command, with nothing but the JDK (so that docker compose runs this one file with {@code java
 * TokenIssuer.java} in a JDK image, and {@code setup/bin/demo-token} from the build):
 * {@code keys <folder>} makes the key pair there unless it exists; {@code token <folder> (<userId> | --operator)
 * [--hours=N]} prints a token signed with the folder's key.
 */
public final class TokenIssuer {

	public static final String PRIVATE_KEY_FILE = "token-signing-key.pem";

	public static final String PUBLIC_KEY_FILE = "token-signing-key.pub.pem";

	public static final String ISSUER = "ticketing-demo";

	public static final String AUDIENCE = "ticketing";

	/** The subject of an operator's token: not a user id, so it acts as no user. */
	public static final String OPERATOR_SUBJECT = "operator";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final RSAPrivateCrtKey privateKey;

	private final RSAPublicKey publicKey;

	private TokenIssuer(RSAPrivateCrtKey privateKey) {
		this.privateKey = privateKey;
		try {
			this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive the public key from the signing key", ex);
		}
	}

	/** A new key pair, in memory only. */
	public static TokenIssuer generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return new TokenIssuer((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an RSA key pair", ex);
		}
	}

	/** The key pair in the folder, made and written there first if the folder has none. */
	public static TokenIssuer inFolder(Path folder) {
		if (Files.exists(folder.resolve(PRIVATE_KEY_FILE))) {
			return load(folder);
		}
		TokenIssuer issuer = generate();
		issuer.writeTo(folder);
		return issuer;
	}

	/** The signing key of a folder: {@value #PRIVATE_KEY_FILE} there. */
	public static TokenIssuer load(Path folder) {
		Path file = folder.resolve(PRIVATE_KEY_FILE);
		try {
			String pem = Files.readString(file, StandardCharsets.US_ASCII);
			byte[] der = Base64.getMimeDecoder()
				.decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").strip());
			return new TokenIssuer(
					(RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the token signing key " + file, ex);
		}
		catch (GeneralSecurityException | ClassCastException | IllegalArgumentException ex) {
			throw new IllegalStateException(file + " is not an RSA private key in PKCS#8 PEM ('BEGIN PRIVATE KEY')",
					ex);
		}
	}

	/** Writes both keys into the folder; the private one readable by its owner only. */
	public void writeTo(Path folder) {
		try {
			Files.createDirectories(folder);
			Path privateFile = folder.resolve(PRIVATE_KEY_FILE);
			Files.deleteIfExists(privateFile);
			Files.createFile(privateFile);
			try {
				Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system (Windows): the folder's own permissions apply
			}
			Files.writeString(privateFile, pem("PRIVATE KEY", privateKey.getEncoded()));
			Files.writeString(folder.resolve(PUBLIC_KEY_FILE), pem("PUBLIC KEY", publicKey.getEncoded()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the token keys into " + folder, ex);
		}
	}

	/** The public key as PEM, what a service needs to check the tokens. */
	public String publicKeyPem() {
		return pem("PUBLIC KEY", publicKey.getEncoded());
	}

	/** A shop user's token. */
	public String userToken(long userId, Duration lifetime) {
		return token(Long.toString(userId), List.of(), Instant.now(), lifetime);
	}

	/** An operator's token: the operator role, and no user. */
	public String operatorToken(Duration lifetime) {
		return token(OPERATOR_SUBJECT, List.of("operator"), Instant.now(), lifetime);
	}

	/** A signed token; every claim a service checks can be chosen, to test the refusals too. */
	public String token(String subject, List<String> roles, Instant issuedAt, Duration lifetime) {
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
		String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
				+ "\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + issuedAt.plus(lifetime).getEpochSecond()
				+ ",\"roles\":["
				+ roles.stream().map((role) -> "\"" + role + "\"").collect(Collectors.joining(",")) + "]}";
		String signingInput = base64url(header) + "." + base64url(claims);
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(privateKey);
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + BASE64URL.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign a token", ex);
		}
	}

	public static void main(String[] args) {
		if (args.length == 2 && args[0].equals("keys")) {
			Path folder = Path.of(args[1]);
			boolean existed = Files.exists(folder.resolve(PRIVATE_KEY_FILE));
			inFolder(folder);
			System.out.println((existed ? "Kept the token signing key in " : "Made a token signing key in ") + folder);
			return;
		}
		if ((args.length == 3 || args.length == 4) && args[0].equals("token")
				&& (args[2].equals("--operator") || args[2].matches("[1-9][0-9]{0,17}"))
				&& (args.length == 3 || args[3].matches("--hours=[1-9][0-9]{0,5}"))) {
			Path folder = Path.of(args[1]);
			if (!Files.exists(folder.resolve(PRIVATE_KEY_FILE))) {
				System.err.println("No token signing key in " + folder.toAbsolutePath()
						+ ": start ./demo once (it makes one), or name the folder that holds " + PRIVATE_KEY_FILE);
				System.exit(1);
			}
			Duration lifetime = Duration
				.ofHours((args.length == 4) ? Long.parseLong(args[3].substring("--hours=".length())) : 24);
			TokenIssuer issuer = load(folder);
			System.out.println(args[2].equals("--operator") ? issuer.operatorToken(lifetime)
					: issuer.userToken(Long.parseLong(args[2]), lifetime));
			return;
		}
		System.err.println("""
				Usage: TokenIssuer keys <folder>                                  make the key pair there, unless it exists
				       TokenIssuer token <folder> (<userId> | --operator) [--hours=N]  print a token (24 hours by default)""");
		System.exit(2);
	}

	private static String base64url(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
