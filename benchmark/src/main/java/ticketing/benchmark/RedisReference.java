package ticketing.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import ticketing.contract.TicketOrderPlaced;

/**
 * Redis's own rate for notification-service's writes: the service's apply script (read from its sources), with the
 * same events as {@link TopicBacklog} (20,000 users, a new latest purchase each), in calls of a poll's size, sent by
 * as many connections as the service has consumer threads, each keeping {@value #PIPELINE} calls in flight. Every call
 * is encoded before the clock starts, so this is Redis running the script, not a client building it. Its keys are
 * under {@code <prefix>redis-reference:} and deleted afterwards.
 */
final class RedisReference {

	static final Path SCRIPT = Path
		.of("notification-service/src/main/resources/ticketing/notification/purchase/apply-purchases.lua");

	static final int PIPELINE = 4;

	/** Events per second, and the calls' size and connections. */
	record Result(int events, int perCall, int connections, double seconds, double perSecond) {

		String json() {
			return String.format(java.util.Locale.ROOT,
					"{\"events\":%d,\"events_per_call\":%d,\"connections\":%d,\"seconds\":%s,\"events_per_s\":%s}",
					events, perCall, connections, Json.number(seconds), Json.number(perSecond));
		}

	}

	private RedisReference() {
	}

	static Result run(Path root, String keyPrefix, int events, int perCall, int connections)
			throws IOException, InterruptedException {
		String script = Files.readString(root.resolve(SCRIPT));
		String prefix = keyPrefix + "redis-reference:";
		String sha;
		try (Socket socket = connect()) {
			sha = call(socket, "SCRIPT", "LOAD", script);
		}
		List<List<byte[]>> calls = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			calls.add(encode(sha, prefix, c, connections, events, perCall));
		}
		AtomicReference<Exception> failure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (List<byte[]> own : calls) {
			Thread thread = new Thread(() -> {
				try (Socket socket = connect()) {
					send(socket, own);
				}
				catch (IOException ex) {
					failure.set(ex);
				}
			}, "redis-reference");
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		try (Socket socket = connect()) {
			call(socket, "EVAL", """
					local keys = redis.call('KEYS', ARGV[1])
					for i = 1, #keys, 1000 do
						redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys)))
					end
					return #keys""", "0", prefix + "*");
		}
		if (failure.get() != null) {
			throw new IOException("The Redis reference failed: " + failure.get().getMessage(), failure.get());
		}
		return new Result(events, perCall, connections, seconds, events / seconds);
	}

	/** One connection's calls: the events i with i % connections == connection, as a partition of their own. */
	private static List<byte[]> encode(String sha, String prefix, int connection, int connections, int events,
			int perCall) {
		Instant start = Instant.now();
		List<byte[]> calls = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		long offset = 0;
		String expected = "";
		for (int i = connection; i < events; i += connections) {
			TicketOrderPlaced event = TopicBacklog.event(start, i);
			Instant at = event.createdAt();
			keys.add(prefix + "user:" + event.userId() + ":last-purchase");
			args.addAll(List.of(Long.toString(at.toEpochMilli()), Integer.toString(connection), Long.toString(offset),
					event.orderId(), "6", "content_id", event.contentId(), "purchased_at", at.toString(), "title",
					event.title(), "category", event.category(), "nickname", event.nickname(), "event_id",
					UUID.randomUUID().toString()));
			if (keys.size() == perCall || i + connections >= events) {
				List<String> command = new ArrayList<>(List.of("EVALSHA", sha, Integer.toString(keys.size() + 1),
						prefix + "read-positions"));
				command.addAll(keys);
				command.addAll(List.of("1", "partition-" + connection, expected, Long.toString(offset)));
				command.addAll(args);
				calls.add(resp(command));
				expected = Long.toString(offset);
				keys.clear();
				args.clear();
			}
			offset++;
		}
		return calls;
	}

	/**
	 * Sends the calls with {@value #PIPELINE} in flight, and checks that every event was applied or found older than
	 * its user's kept purchase (a user's events are spread over the connections, which run in any order).
	 */
	private static void send(Socket socket, List<byte[]> calls) throws IOException {
		OutputStream out = socket.getOutputStream();
		InputStream in = new BufferedInputStream(socket.getInputStream());
		int sent = 0;
		for (int done = 0; done < calls.size(); done++) {
			while (sent < calls.size() && sent < done + PIPELINE) {
				out.write(calls.get(sent++));
			}
			out.flush();
			String header = line(in);
			if (!header.startsWith("*")) {
				throw new IOException("The apply script answered " + header);
			}
			int results = Integer.parseInt(header.substring(1));
			for (int r = 0; r < results; r++) {
				String result = line(in);
				if (!result.equals(":1") && !result.equals(":0")) {
					throw new IOException("The apply script answered " + result + " for an event");
				}
			}
		}
	}

	private static Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", 6379);
		socket.setSoTimeout(30_000);
		socket.setTcpNoDelay(true);
		return socket;
	}

	/** Runs a command that answers a string or an integer, and returns it. */
	private static String call(Socket socket, String... command) throws IOException {
		socket.getOutputStream().write(resp(List.of(command)));
		socket.getOutputStream().flush();
		InputStream in = socket.getInputStream();
		String header = line(in);
		if (header.startsWith("-")) {
			throw new IOException(command[0] + " failed: " + header);
		}
		return header.startsWith("$") ? line(in) : header.substring(1);
	}

	private static byte[] resp(List<String> command) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String part : command) {
			byte[] value = part.getBytes(StandardCharsets.UTF_8);
			bytes.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			bytes.writeBytes(value);
			bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return bytes.toByteArray();
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("Redis closed the connection");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

}
