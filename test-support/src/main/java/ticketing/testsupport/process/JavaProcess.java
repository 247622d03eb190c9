package ticketing.testsupport.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class's {@code main} in a JVM of its own, on the test's class path: what a crash test kills with
 * {@link Process#destroyForcibly()} (SIGKILL: no shutdown hook, no flush, no commit, no leave-group), which it cannot
 * do to code running in its own JVM.
 */
public final class JavaProcess {

	private JavaProcess() {
	}

	/**
	 * Starts {@code main} with the arguments, stdout and stderr to the log file (replaced).
	 * @param heap the JVM's -Xmx, such as "256m"
	 */
	public static Process start(Class<?> main, String heap, Path log, List<String> args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(args);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** SIGSTOP: the JVM stops where it is, sockets and transactions open, until {@link #resume}. */
	public static void pause(Process process) throws IOException, InterruptedException {
		signal(process, "-STOP");
	}

	/** SIGCONT: a paused JVM goes on where it stopped. */
	public static void resume(Process process) throws IOException, InterruptedException {
		signal(process, "-CONT");
	}

	private static void signal(Process process, String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (kill.waitFor() != 0) {
			throw new IOException("kill " + signal + " " + process.pid() + " failed");
		}
	}

}
