package ticketing.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/** Starts the services from their built jars and waits until they report healthy. */
public final class ServiceProcesses {

	record Service(String name, int port) {
	}

	static final List<Service> SERVICES = List.of(new Service("order-service", 8080),
			new Service("notification-service", 8081), new Service("analytics-service", 8082));

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private ServiceProcesses() {
	}

	static void requirePortsFree() {
		SERVICES.forEach((service) -> Ports.requireFree(service.port(), service.name()));
	}

	/** The service's executable jar, built by {@code ./mvnw package}. */
	public static Path jar(Path root, String service) throws IOException {
		Path target = root.resolve(service).resolve("target");
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				var jar = files.filter((f) -> f.getFileName().toString().matches(service + "-.*\\.jar"))
					.filter((f) -> !f.getFileName().toString().endsWith("-plain.jar"))
					.findFirst();
				if (jar.isPresent()) {
					return jar.get();
				}
			}
		}
		throw new DemoException("No jar of " + service + " in " + target + ". Build it: ./mvnw -DskipTests install");
	}

	/**
	 * The demo: the three services on their ports, each with its setup/demo/*.yml, started together.
	 * @param environment      what every service gets
	 * @param ownEnvironment   what a service gets of its own (its Kafka user, ...), by the service's name
	 */
	static void startAll(Path root, DemoFolder folder, ChildProcesses children, Map<String, String> environment,
			Function<String, Map<String, String>> ownEnvironment) throws IOException {
		Path logs = folder.dir("logs");
		List<Process> started = new ArrayList<>();
		for (Service service : SERVICES) {
			Path config = root.resolve("setup/demo/" + service.name() + ".yml");
			Map<String, String> serviceEnvironment = new HashMap<>(environment);
			serviceEnvironment.putAll(ownEnvironment.apply(service.name()));
			started.add(start(root, children, service.name(), service.name(), service.port(),
					List.of("--spring.config.additional-location=optional:file:" + config), serviceEnvironment,
					logs.resolve(service.name() + ".log")));
		}
		for (int i = 0; i < SERVICES.size(); i++) {
			Service service = SERVICES.get(i);
			awaitHealthy(service.name(), service.port(), started.get(i), logs.resolve(service.name() + ".log"));
			System.out.println("  " + service.name() + " is up on http://localhost:" + service.port());
		}
	}

	/**
	 * Starts one instance of a service from its jar.
	 * @param service  the service's module name (order-service, ...)
	 * @param name     this instance's name, for logs and messages
	 * @param args     Spring Boot command-line arguments (--property=value) after --server.port
	 */
	public static Process start(Path root, ChildProcesses children, String service, String name, int port,
			List<String> args, Map<String, String> environment, Path log) throws IOException {
		return start(root, children, service, name, port, List.of(), args, environment, log);
	}

	/** Starts one instance of a service from its jar, with JVM options added to the heap settings. */
	public static Process start(Path root, ChildProcesses children, String service, String name, int port,
			List<String> jvmOptions, List<String> args, Map<String, String> environment, Path log) throws IOException {
		// Every service is to stay under 512 MB of resident memory under load: the heap's bound plus the JVM's own.
		// With -Xmx512m the heap grew to its bound under a backlog and the processes peaked at 531-697 MB; with 320 MB
		// and G1 still at 475-599. The serial collector (G1's own structures took 48 MB; on 2 cores its concurrent
		// threads compete with everything else) and two malloc arenas instead of one per core and thread: 339-428 MB,
		// and the consumers faster (benchmark/README.md, "Memory").
		List<String> command = new ArrayList<>(List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar(root, service).toString(), "--server.port=" + port));
		command.addAll(args);
		Map<String, String> env = new HashMap<>(environment);
		env.putIfAbsent("MALLOC_ARENA_MAX", "2");
		return children.startJava(name, ChildProcesses.Stage.SERVICE, command, log, root, env);
	}

	/** Waits until GET /actuator/health answers 200, failing early when the process stops. */
	public static void awaitHealthy(String name, int port, Process process, Path log) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new DemoException(name + " stopped while starting; see " + log);
			}
			try {
				if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			sleep();
		}
		throw new DemoException(name + " did not report healthy within " + STARTUP_TIMEOUT.toMinutes()
				+ " minutes; see " + log);
	}

	private static void sleep() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
