package ticketing.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's data folder, held by a file lock while the demo runs so that a second {@code ./demo} says so instead of
 * fighting the first one for its ports and files.
 */
public final class DemoFolder implements AutoCloseable {

	private final Path root;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private DemoFolder(Path root, FileChannel lockChannel, FileLock lock) {
		this.root = root;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	public static DemoFolder open(Path root, boolean reset) throws IOException {
		Files.createDirectories(root);
		Path lockFile = root.resolve("demo.lock");
		FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null; // held by this very JVM
		}
		if (lock == null) {
			channel.close();
			throw new DemoException("Another ./demo is already running with the data folder " + root
					+ ". Stop it (Ctrl-C in its terminal) or give this one its own folder with --data-dir=PATH.");
		}
		if (reset) {
			try (Stream<Path> entries = Files.list(root)) {
				for (Path entry : entries.filter((path) -> !path.equals(lockFile)).toList()) {
					deleteRecursively(entry);
				}
			}
		}
		return new DemoFolder(root, channel, lock);
	}

	public Path root() {
		return root;
	}

	public Path dir(String name) throws IOException {
		return Files.createDirectories(root.resolve(name));
	}

	boolean isNew(String name) {
		return !Files.exists(root.resolve(name));
	}

	private static void deleteRecursively(Path path) throws IOException {
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(each);
			}
		}
	}

	@Override
	public void close() throws IOException {
		lock.release();
		lockChannel.close();
	}

}
