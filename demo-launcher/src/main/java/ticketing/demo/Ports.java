package ticketing.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks, so that a taken port is named up front rather than failing deep inside a server's start. */
public final class Ports {

	private Ports() {
	}

	public static void requireFree(int port, String what) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			throw new DemoException("Port " + port + " (" + what + ") is already taken. Stop what listens there "
					+ "(`ss -ltnp 'sport = :" + port + "'` shows it) and run ./demo again.");
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
