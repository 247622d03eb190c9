package ticketing.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Port checks, so that a taken port is named up front rather than failing deep inside a server's start. */
public final class Ports {

	/**
	 * How long a port held by a client connection (not a listener) is waited for: longer than TIME_WAIT (60 s on
	 * Linux), in which a connection closed first by its client keeps the port, and no listener can bind it.
	 */
	private static final Duration CLIENT_PORT_PATIENCE = Duration.ofSeconds(90);

	private Ports() {
	}

	/**
	 * Fails at once when something listens on the port. A port that cannot be bound while nothing listens on it is the
	 * local end of some client's connection: the demo's ports above 32767 are in Linux's ephemeral range
	 * ({@code net.ipv4.ip_local_port_range}), which the kernel hands to outgoing connections. Such a connection ends
	 * soon (or sits out TIME_WAIT), so that case is waited out for up to {@link #CLIENT_PORT_PATIENCE}.
	 */
	public static void requireFree(int port, String what) {
		long deadline = System.nanoTime() + CLIENT_PORT_PATIENCE.toNanos();
		while (!canBind(port)) {
			if (isOpen("127.0.0.1", port) || System.nanoTime() > deadline) {
				throw new DemoException("Port " + port + " (" + what + ") is already taken. Stop what listens there "
						+ "(`ss -tanp 'sport = :" + port + "'` shows it) and run ./demo again.");
			}
			sleepBriefly();
		}
	}

	private static boolean canBind(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DemoException("Interrupted while waiting for a port", ex);
		}
	}

	/** A loopback port that was free a moment ago. */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new DemoException("No free loopback port: " + ex.getMessage(), ex);
		}
	}

	public static boolean isOpen(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
