package ticketing.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (bounded) and returns what it printed, stdout and stderr together. */
final class Processes {

	private Processes() {
	}

	static String run(Path dir, Map<String, String> env, Duration timeout, List<String> command)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process process = builder.start();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try {
				output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				// the process is gone: what was read is what there is
			}
		});
		reader.start();
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			reader.join(2000);
			throw new IOException("timed out after " + timeout + ": " + String.join(" ", command) + "\n" + output);
		}
		reader.join();
		if (process.exitValue() != 0) {
			throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + output);
		}
		return output.toString();
	}

}
