package ticketing.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JVMs the demo (or the fault-injection suite) starts. They stop in stages, each stage all at once: the services first (so nothing is left
 * writing), then the brokers (in parallel: one after another, the last ones wait for leaders that are already gone),
 * and the controller last, because the brokers' controlled shutdown talks to it.
 */
public final class ChildProcesses implements AutoCloseable {

	/** When a child stops: lower stages first. */
	public enum Stage {

		SERVICE, BROKER, CONTROLLER

	}

	private record Child(String name, Stage stage, Process process) {
	}

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final List<Child> children = new ArrayList<>();

	/** Starts {@code java} with the given arguments, its output appended to the log file. */
	public synchronized Process startJava(String name, Stage stage, List<String> jvmAndArgs, Path log, Path workDir,
			Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmAndArgs);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			children.add(new Child(name, stage, process));
			return process;
		}
		catch (IOException ex) {
			throw new DemoException("Could not start " + name + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public synchronized void close() {
		Map<Stage, List<Child>> stages = new TreeMap<>(Comparator.naturalOrder());
		children.forEach((child) -> stages.computeIfAbsent(child.stage(), (s) -> new ArrayList<>()).add(child));
		stages.values().forEach(ChildProcesses::stopTogether);
		children.clear();
	}

	private static void stopTogether(List<Child> stage) {
		List<Child> running = stage.stream().filter((child) -> child.process().isAlive()).toList();
		running.forEach((child) -> {
			System.out.println("  stopping " + child.name());
			child.process().destroy();
		});
		Instant deadline = Instant.now().plus(STOP_TIMEOUT);
		for (Child child : running) {
			try {
				long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
				if (!child.process().waitFor(left, java.util.concurrent.TimeUnit.MILLISECONDS)) {
					System.out.println("  " + child.name() + " did not stop within " + STOP_TIMEOUT.toSeconds()
							+ " s: killing it");
					child.process().destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				child.process().destroyForcibly();
			}
		}
	}

}
