package ticketing.analytics.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder to a server that a test can take away and bring back: {@link #stop()} closes the listening socket and
 * every open connection (clients see connections reset, then refused), {@link #start()} listens on the same port
 * again. It stands in for an S3 outage without touching the S3 server other tests share. (A copy of
 * notification-service's test class: test code is not shared between modules.)
 */
final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile int port;

	private volatile ServerSocket server;

	TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		start();
	}

	int port() {
		return port;
	}

	synchronized void start() {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			port = socket.getLocalPort();
			server = socket;
			daemon("tcp-proxy-accept-" + port, () -> accept(socket));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on port " + port, ex);
		}
	}

	synchronized void stop() {
		closeQuietly(server);
		sockets.forEach(TcpProxy::closeQuietly);
		sockets.clear();
	}

	@Override
	public void close() {
		stop();
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket target = new Socket(targetHost, targetPort);
				sockets.add(client);
				sockets.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				// closed by stop(), or the target refused: the client sees its connection closed
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		daemon("tcp-proxy-pipe", () -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				sockets.remove(from);
				sockets.remove(to);
			}
		});
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			if (closeable != null) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
