package ticketing.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;

/**
 * Reads what the consumers made visible: the latest purchase in Redis (via 8081, with the user's token) and the lake's
 * record count (8082), and the services' meters (with an operator's token, as they need).
 */
final class Probes {

	static final int FIRST_USER = 100;

	static final int USERS = 5;

	private final HttpClient http;

	private final String redisKeyPrefix;

	private final BearerTokens tokens;

	Probes(HttpClient http, String redisKeyPrefix, BearerTokens tokens) {
		this.http = http;
		this.redisKeyPrefix = redisKeyPrefix;
		this.tokens = tokens;
	}

	/** The sample users whose latest purchase the end-to-end phase follows. */
	static LongStream users() {
		return LongStream.range(FIRST_USER, FIRST_USER + USERS);
	}

	private String get(String url, String authorization) {
		HttpResponse<String> response = send(url, authorization);
		return (response != null && response.statusCode() == 200) ? response.body() : "";
	}

	private @Nullable HttpResponse<String> send(String url, String authorization) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(5))
				.header("Authorization", authorization)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * Fails at once when a service refuses the benchmark's tokens (401 or 403): its reads would come back empty, and
	 * the phases wait out their timeouts and report nothing measured.
	 */
	void requireTokensAccepted() {
		Map<String, String> reads = new LinkedHashMap<>();
		reads.put("http://localhost:8080/actuator/metrics", tokens.operator());
		reads.put("http://localhost:8081/users/" + FIRST_USER + "/last-purchase", tokens.user(FIRST_USER));
		reads.put("http://localhost:8082/lake/summary", tokens.operator());
		reads.forEach((url, authorization) -> {
			HttpResponse<String> response = send(url, authorization);
			if (response != null && (response.statusCode() == 401 || response.statusCode() == 403)) {
				throw new IllegalStateException("GET " + url + " refused the benchmark's token ("
						+ response.statusCode() + " " + response.body() + "): the tokens are signed with the key in "
						+ BearerTokens.DEMO_KEYS + ", which the demo stack's services must check them with");
			}
		});
	}

	/** The order id of the user's latest purchase in Redis, or -1. */
	long lastPurchase(long userId) {
		String body = get("http://localhost:8081/users/" + userId + "/last-purchase", tokens.user(userId));
		return body.isEmpty() ? -1 : Fields.firstLong(body, "orderId");
	}

	/**
	 * The sum of the sample users' "updates" fields in Redis (read directly: the API does not show them): one more for
	 * every newer event notification-service applied.
	 */
	long notificationUpdates() {
		List<Long> users = new ArrayList<>();
		for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
			users.add(user);
		}
		try {
			long sum = 0;
			for (String updates : lastPurchaseField(users, "updates")) {
				sum += (updates != null) ? Long.parseLong(updates.strip()) : 0;
			}
			return sum;
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Whether Redis holds, for every user, the given order as the latest purchase (read directly); false when Redis
	 * does not answer.
	 */
	boolean latestOrdersInRedis(Map<Long, Long> latestOrderPerUser) {
		List<Long> users = new ArrayList<>(latestOrderPerUser.keySet());
		try {
			List<String> orderIds = lastPurchaseField(users, "order_id");
			for (int i = 0; i < users.size(); i++) {
				if (!latestOrderPerUser.get(users.get(i)).toString().equals(orderIds.get(i))) {
					return false;
				}
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * One field of each user's latest-purchase hash, in the users' order (null where there is none): one {@code HGET}
	 * per user, all in one write.
	 */
	private List<String> lastPurchaseField(List<Long> users, String field) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", 6379)) {
			socket.setSoTimeout(5000);
			StringBuilder commands = new StringBuilder();
			for (long user : users) {
				commands.append("HGET ")
					.append(redisKeyPrefix)
					.append("user:")
					.append(user)
					.append(":last-purchase ")
					.append(field)
					.append("\r\n");
			}
			socket.getOutputStream().write(commands.toString().getBytes(StandardCharsets.US_ASCII));
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			List<String> values = new ArrayList<>(users.size());
			for (int i = 0; i < users.size(); i++) {
				String header = in.readLine(); // $<length> or $-1
				values.add((header != null && header.startsWith("$") && !header.equals("$-1")) ? in.readLine() : null);
			}
			return values;
		}
	}

	/**
	 * notification-service's read positions in Redis: the offset of the last record applied, per partition of
	 * ticket-order (empty when Redis does not answer).
	 */
	Map<Integer, Long> notificationPositions() {
		try (Socket socket = new Socket("127.0.0.1", 6379)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write(("HGETALL " + redisKeyPrefix + "read-positions\r\n").getBytes(StandardCharsets.US_ASCII));
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String header = in.readLine(); // *<fields and values>
			int count = (header != null && header.startsWith("*")) ? Integer.parseInt(header.substring(1)) : 0;
			Map<Integer, Long> positions = new HashMap<>();
			for (int i = 0; i < count / 2; i++) {
				in.readLine();
				String field = in.readLine();
				in.readLine();
				String offset = in.readLine();
				if (field.startsWith("ticket-order-")) {
					positions.put(Integer.parseInt(field.substring("ticket-order-".length())), Long.parseLong(offset));
				}
			}
			return positions;
		}
		catch (IOException | NumberFormatException ex) {
			return Map.of();
		}
	}

	/**
	 * An order-service timer so far (e.g. {@code ticketing.relay.transaction}, the relay's committed Kafka
	 * transactions): {count, total seconds}; {0, 0} when it does not answer.
	 */
	double[] orderServiceTimer(String name) {
		String body = get("http://localhost:8080/actuator/metrics/" + name, tokens.operator());
		return new double[] { statistic(body, "COUNT"), statistic(body, "TOTAL_TIME") };
	}

	/**
	 * Kafka Streams' own counters of its stream thread in analytics-service, so far: {time blocked on Kafka (ns),
	 * commits, commit latency on average (ms, over the metrics' recent window)}; NaN for what does not answer.
	 */
	double[] streamsThread() {
		double[] values = new double[3];
		String[] names = { "kafka.stream.thread.blocked.time.ns.total", "kafka.stream.thread.commit.total",
				"kafka.stream.thread.commit.latency.avg" };
		for (int i = 0; i < names.length; i++) {
			String body = get("http://localhost:8082/actuator/metrics/" + names[i], tokens.operator());
			values[i] = body.isEmpty() ? Double.NaN
					: body.contains("\"statistic\":\"COUNT\"") ? statistic(body, "COUNT") : statistic(body, "VALUE");
		}
		return values;
	}

	private static double statistic(String body, String name) {
		Matcher value = Pattern.compile("\\{\"statistic\":\"" + name + "\",\"value\":([0-9.Ee+-]+)\\}").matcher(body);
		return value.find() ? Double.parseDouble(value.group(1)) : 0;
	}

	/** Records in the S3 lake, as /lake/summary adds up the objects' record counts; -1 when it does not answer. */
	long lakeRecords() {
		String body = get("http://localhost:8082/lake/summary", tokens.operator());
		return body.isEmpty() ? -1 : Fields.firstLong(body, "records");
	}

}
