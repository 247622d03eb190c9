package ticketing.benchmark;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places orders with {@code POST /orders} over one keep-alive HTTP/1.1 connection per calling thread, on a blocking
 * socket: a load generator that leaves the cores to the system it measures, as pgbench and wrk do. The JDK's
 * {@code HttpClient} hands every exchange between the caller, its selector thread and an executor; on the 2 cores
 * that the whole stack shares it placed 850 orders/s at 16 clients and 864 at 64 on a warm stack where {@code wrk}
 * placed 1,180 and 1,300 (7 December). Only what the order API answers is understood: a status line, headers, and a
 * body of a {@code Content-Length} or chunked. Each order goes with its user's bearer token, its header line signed
 * and encoded before the load ({@link BearerTokens}): a request is its bytes put together, nothing more.
 */
final class OrderClient {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private static final int TIMEOUT_MS = 10_000;

	private final InetSocketAddress address;

	/** The request line and the headers every order has, up to its user's token. */
	private final byte[] head;

	private final BearerTokens tokens;

	private final ThreadLocal<Connection> connections = new ThreadLocal<>();

	OrderClient(String baseUrl, BearerTokens tokens) {
		URI uri = URI.create(baseUrl);
		this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
		this.head = ("POST /orders HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		this.tokens = tokens;
	}

	/**
	 * Places an order as the user (their token; the body's userId, which must be the token's, says it again): the new
	 * order's id, or -1 when the answer was not 201 (a 429 of the user's rate limit too) or the exchange failed (the
	 * connection is then closed).
	 */
	long place(long userId, long contentId) {
		String body = "{\"userId\":" + userId + ",\"contentId\":" + contentId + "}";
		byte[] authorization = tokens.headerLine(userId);
		byte[] rest = ("Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
		// One array, so that the request leaves in one write (TCP_NODELAY would send each part as a packet)
		byte[] request = new byte[head.length + authorization.length + rest.length];
		System.arraycopy(head, 0, request, 0, head.length);
		System.arraycopy(authorization, 0, request, head.length, authorization.length);
		System.arraycopy(rest, 0, request, head.length + authorization.length, rest.length);
		Connection connection = connections.get();
		try {
			if (connection == null) {
				connection = new Connection(address);
				connections.set(connection);
			}
			Response response = connection.exchange(request);
			if (response.close()) {
				connection.close();
				connections.remove();
			}
			if (response.status() != 201) {
				return -1;
			}
			Matcher id = ID.matcher(response.body());
			return id.find() ? Long.parseLong(id.group(1)) : -1;
		}
		catch (IOException | RuntimeException ex) {
			if (connection != null) {
				connection.close();
			}
			connections.remove();
			return -1;
		}
	}

	/** Closes the calling thread's connection, if it has one: a load thread calls it when it ends. */
	void closeConnection() {
		Connection connection = connections.get();
		if (connection != null) {
			connection.close();
			connections.remove();
		}
	}

	record Response(int status, String body, boolean close) {
	}

	/** One connection, used by one thread at a time. */
	private static final class Connection {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final StringBuilder line = new StringBuilder();

		Connection(InetSocketAddress address) throws IOException {
			this.socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(TIMEOUT_MS);
			socket.connect(address, TIMEOUT_MS);
			this.out = socket.getOutputStream();
			this.in = new BufferedInputStream(socket.getInputStream(), 8192);
		}

		Response exchange(byte[] request) throws IOException {
			out.write(request);
			out.flush();
			String statusLine = readLine();
			if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
				throw new IOException("Not an HTTP/1.1 answer: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long contentLength = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = readLine(); !header.isEmpty(); header = readLine()) {
				int colon = header.indexOf(':');
				String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
				String value = header.substring(colon + 1).trim();
				switch (name) {
					case "content-length" -> contentLength = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
					case "connection" -> close = value.equalsIgnoreCase("close");
					default -> {
					}
				}
			}
			String body;
			if (chunked) {
				StringBuilder chunks = new StringBuilder();
				for (int size = chunkSize(); size > 0; size = chunkSize()) {
					chunks.append(new String(readExactly(size), StandardCharsets.UTF_8));
					readLine();
				}
				for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
					// trailers are not used
				}
				body = chunks.toString();
			}
			else if (contentLength >= 0) {
				body = new String(readExactly((int) contentLength), StandardCharsets.UTF_8);
			}
			else {
				throw new IOException("An answer without a length cannot be followed by another on this connection");
			}
			return new Response(status, body, close);
		}

		private int chunkSize() throws IOException {
			String size = readLine();
			int extension = size.indexOf(';');
			return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
		}

		private byte[] readExactly(int length) throws IOException {
			byte[] bytes = in.readNBytes(length);
			if (bytes.length < length) {
				throw new EOFException("The connection ended in a body");
			}
			return bytes;
		}

		private String readLine() throws IOException {
			line.setLength(0);
			for (int c = in.read(); c != '\n'; c = in.read()) {
				if (c < 0) {
					throw new EOFException("The connection ended in an answer");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		void close() {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing a broken connection
			}
		}

	}

}
