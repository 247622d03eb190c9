package ticketing.order.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a loopback port to a target, which a test can cut and restore: a database outage for one service,
 * without stopping the PostgreSQL server that other tests share.
 */
final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile @Nullable ServerSocket server;

	TcpProxy(int targetPort) {
		this.targetPort = targetPort;
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		open();
	}

	int port() {
		return port;
	}

	/** Accepts connections again, on the same port. */
	synchronized void open() {
		try {
			ServerSocket listening = new ServerSocket();
			listening.setReuseAddress(true);
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			server = listening;
			Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Refuses new connections and breaks the open ones. */
	synchronized void cut() {
		ServerSocket listening = server;
		server = null;
		closeQuietly(listening);
		sockets.forEach(TcpProxy::closeQuietly);
		sockets.clear();
	}

	@Override
	public void close() {
		cut();
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
				sockets.add(client);
				sockets.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				// Closed by cut(), or the target refused: the client sees its connection fail.
			}
		}
	}

	private static void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// A side closed.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Nothing to do.
			}
		}
	}

}
