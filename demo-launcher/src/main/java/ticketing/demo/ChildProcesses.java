package ticketing.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JVMs the demo starts (brokers and services), stopped in reverse order of their start. */
final class ChildProcesses implements AutoCloseable {

	private record Child(String name, Process process) {
	}

	private final Deque<Child> children = new ArrayDeque<>();

	/** Starts {@code java} with the given arguments, its output appended to the log file. */
	Process startJava(String name, List<String> jvmAndArgs, Path log, Path workDir) {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmAndArgs);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		try {
			Process process = builder.start();
			children.push(new Child(name, process));
			return process;
		}
		catch (IOException ex) {
			throw new DemoException("Could not start " + name + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		while (!children.isEmpty()) {
			Child child = children.pop();
			if (!child.process().isAlive()) {
				continue;
			}
			System.out.println("  stopping " + child.name());
			child.process().destroy();
			try {
				if (!child.process().waitFor(20, TimeUnit.SECONDS)) {
					child.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				child.process().destroyForcibly();
			}
		}
	}

}
