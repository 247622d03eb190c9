package ticketing.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concurrent clients of the order API, as a careful client is written: every order has its own Idempotency-Key and
 * goes with its user's bearer token, and an attempt that fails in any way (a refused connection, a timeout, a 503) is
 * sent again with the same key, to the other order-service instance, until one answers 201. So each order is
 * acknowledged exactly once, with the id that PostgreSQL must hold, whatever the faults did to the attempts before.
 * A 429 (the user's rate limit) is an answer a client must handle too: the same request again, to the same instance,
 * once Retry-After has passed.
 */
final class OrderClients {

	/** An order the API acknowledged (201 with its id). */
	record Acknowledged(String idempotencyKey, long orderId, long userId, long contentId) {
	}

	/** An order whose attempts all failed until the run gave up on it, or that the API refused outright. */
	record Unacknowledged(String idempotencyKey, long userId, long contentId, String lastAnswer) {
	}

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** What a 429 without a readable Retry-After waits: the limit's refill interval (ticketing.order.api.rate-limit). */
	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final List<URI> endpoints;

	private final BearerTokens tokens;

	private final SuiteOptions options;

	private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();

	private final List<Unacknowledged> unacknowledged = java.util.Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong retries = new AtomicLong();

	private final AtomicLong replays = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	private final AtomicInteger placed = new AtomicInteger();

	OrderClients(List<Integer> orderServicePorts, BearerTokens tokens, SuiteOptions options) {
		this.endpoints = orderServicePorts.stream().map((port) -> URI.create("http://localhost:" + port + "/orders"))
			.toList();
		this.tokens = tokens;
		this.options = options;
	}

	/**
	 * Places {@code options.orders()} orders, paced at {@code options.rate()} per second over all clients, and returns
	 * when each was acknowledged or given up (an order is given up after {@code giveUpAfter} of failed attempts).
	 */
	void run(Duration giveUpAfter) throws InterruptedException {
		AtomicInteger tickets = new AtomicInteger();
		long start = System.nanoTime();
		long nanosPerOrder = (long) (1e9 / options.rate());
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < options.clients(); c++) {
			// Each order's buyer and content come from the seed and the order's number, not from thread timing.
			int client = c;
			Thread thread = new Thread(() -> {
				int n;
				while ((n = tickets.getAndIncrement()) < options.orders()) {
					long due = start + n * nanosPerOrder;
					long wait = due - System.nanoTime();
					if (wait > 0) {
						try {
							Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
						}
						catch (InterruptedException ex) {
							return;
						}
					}
					Random random = new Random(options.seed() * 31 + n);
					place("faults-" + options.seed() + "-" + n, 1 + random.nextInt(options.users()),
							1 + random.nextInt(6), client + n, giveUpAfter);
					placed.incrementAndGet();
				}
			}, "order-client-" + c);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	/** Places one order besides the paced load (a fault's own), acknowledged and counted like the others. */
	Optional<Acknowledged> placeOne(String key, long userId, long contentId) {
		place(key, userId, contentId, 0, Duration.ofMinutes(3));
		placed.incrementAndGet();
		return Optional.ofNullable(acknowledged.get(key));
	}

	private void place(String key, long userId, long contentId, int firstEndpoint, Duration giveUpAfter) {
		long deadline = System.nanoTime() + giveUpAfter.toNanos();
		String body = "{\"userId\":" + userId + ",\"contentId\":" + contentId + "}";
		String lastAnswer = "";
		int endpointIndex = firstEndpoint;
		for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
			URI endpoint = endpoints.get(endpointIndex % endpoints.size());
			HttpRequest request = HttpRequest.newBuilder(endpoint)
				.timeout(REQUEST_TIMEOUT)
				.header("Content-Type", "application/json")
				.header("Authorization", tokens.user(userId))
				.header("Idempotency-Key", key)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			Duration pause;
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 201) {
					Matcher id = ID.matcher(response.body());
					if (!id.find()) {
						throw new IllegalStateException("201 without an id: " + response.body());
					}
					if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
						replays.incrementAndGet();
					}
					acknowledged.put(key, new Acknowledged(key, Long.parseLong(id.group(1)), userId, contentId));
					return;
				}
				lastAnswer = response.statusCode() + " " + response.body();
				if (response.statusCode() == 429) {
					// The user's limit, checked before anything is written: the order was not placed, and is placed
					// once the answer's wait is over. To the same instance: the other one's bucket would only dodge
					// the limit (each instance keeps its own), and this one is not at fault.
					rateLimited.incrementAndGet();
					pause = retryAfter(response);
				}
				else if (response.statusCode() >= 400 && response.statusCode() < 500) {
					break; // the request itself was refused: sending it again changes nothing
				}
				else {
					pause = backOff(attempt);
					endpointIndex++;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				lastAnswer = ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "");
				pause = backOff(attempt);
				endpointIndex++;
			}
			retries.incrementAndGet();
			try {
				Thread.sleep(Math.max(0, Math.min(pause.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		unacknowledged.add(new Unacknowledged(key, userId, contentId, lastAnswer));
	}

	private static Duration backOff(int attempt) {
		return Duration.ofMillis(Math.min(1000, 100L << Math.min(attempt, 4)));
	}

	/** The wait a 429 asks for: Retry-After in seconds, as order-service sends it. */
	private static Duration retryAfter(HttpResponse<?> response) {
		try {
			return response.headers()
				.firstValue("Retry-After")
				.map((seconds) -> Duration.ofSeconds(Long.parseLong(seconds.strip())))
				.filter((wait) -> !wait.isNegative())
				.orElse(DEFAULT_RETRY_AFTER);
		}
		catch (NumberFormatException ex) {
			return DEFAULT_RETRY_AFTER; // an HTTP date, which order-service never sends
		}
	}

	List<Acknowledged> acknowledged() {
		return List.copyOf(acknowledged.values());
	}

	List<Unacknowledged> unacknowledged() {
		return List.copyOf(unacknowledged);
	}

	long retries() {
		return retries.get();
	}

	/** Attempts answered with an earlier attempt's order (Idempotent-Replayed): a retry of an order already placed. */
	long replays() {
		return replays.get();
	}

	/** Attempts answered 429 (the user's rate limit) and sent again after Retry-After; also counted in retries. */
	long rateLimited() {
		return rateLimited.get();
	}

	int placed() {
		return placed.get();
	}

}
