package ticketing.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import ticketing.security.issuer.TokenIssuer;

/**
 * The bearer tokens of the benchmark's requests, signed with the key of its demo stack, which the services check
 * (RS256) on every request, as they would a real identity provider's: a token per user, and an operator's for the
 * meters and the lake's summary. Signing one costs about a millisecond, as much as an order at concurrency 1, so the
 * users' tokens are signed before the phases that send them ({@link #signAhead}) and kept, each with its
 * {@code Authorization} header line as bytes for {@link OrderClient}'s raw requests.
 */
final class BearerTokens {

	/**
	 * Where the key pair of benchmark.sh's demo is: {@code ./demo --data-dir=target/benchmark/demo} makes it in its
	 * data folder's {@code token-keys/} (demo-launcher's DemoTokens.FOLDER) before it starts the services.
	 */
	static final String DEMO_KEYS = "target/benchmark/demo/token-keys";

	/** Longer than any run (the default one takes about 12 minutes): a day, as the tokens ./demo prints. */
	static final Duration LIFETIME = Duration.ofHours(24);

	/** A user's {@code Bearer <token>}, and the request header line that carries it. */
	private record Bearer(String authorization, byte[] headerLine) {
	}

	private final TokenIssuer issuer;

	private final String operator;

	private final Map<Long, Bearer> users = new ConcurrentHashMap<>();

	BearerTokens(TokenIssuer issuer) {
		this.issuer = issuer;
		this.operator = "Bearer " + issuer.operatorToken(LIFETIME);
	}

	/** The tokens of the demo stack that benchmark.sh started in {@code root}. */
	static BearerTokens ofDemo(Path root) {
		Path keys = root.resolve(DEMO_KEYS);
		if (!Files.exists(keys.resolve(TokenIssuer.PRIVATE_KEY_FILE))) {
			throw new IllegalStateException("No token signing key in " + keys + ": ./benchmark.sh starts the demo stack "
					+ "(./demo --data-dir=target/benchmark/demo), which makes it, before the benchmark");
		}
		return new BearerTokens(TokenIssuer.load(keys));
	}

	/** Signs these users' tokens now, on every core: a phase then finds each ready. */
	void signAhead(LongStream userIds) {
		userIds.parallel().forEach(this::bearer);
	}

	/** {@code Bearer <token>} of the user. */
	String user(long userId) {
		return bearer(userId).authorization();
	}

	/** {@code Authorization: Bearer <token>\r\n} of the user, as an HTTP/1.1 request carries it. */
	byte[] headerLine(long userId) {
		return bearer(userId).headerLine();
	}

	/** {@code Bearer <token>} of an operator: the actuator's meters and analytics-service's reads need one. */
	String operator() {
		return operator;
	}

	private Bearer bearer(long userId) {
		// A plain read once signed: the load's threads look their users up on every request
		Bearer bearer = users.get(userId);
		return (bearer != null) ? bearer : users.computeIfAbsent(userId, this::sign);
	}

	private Bearer sign(long userId) {
		String authorization = "Bearer " + issuer.userToken(userId, LIFETIME);
		return new Bearer(authorization,
				("Authorization: " + authorization + "\r\n").getBytes(StandardCharsets.US_ASCII));
	}

}
