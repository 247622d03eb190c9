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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Starts the three services from their built jars, each with the demo's settings, and waits until they are healthy. */
final class ServiceProcesses {

	record Service(String name, int port) {
	}

	static final List<Service> SERVICES = List.of(new Service("order-service", 8080),
			new Service("notification-service", 8081), new Service("analytics-service", 8082));

	private ServiceProcesses() {
	}

	static void requirePortsFree() {
		SERVICES.forEach((service) -> Ports.requireFree(service.port(), service.name()));
	}

	static Path jar(Path root, Service service) throws IOException {
		Path target = root.resolve(service.name()).resolve("target");
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				var jar = files.filter((f) -> f.getFileName().toString().matches(service.name() + "-.*\\.jar"))
					.filter((f) -> !f.getFileName().toString().endsWith("-plain.jar"))
					.findFirst();
				if (jar.isPresent()) {
					return jar.get();
				}
			}
		}
		throw new DemoException("No jar of " + service.name() + " in " + target + ". Build it: ./mvnw -DskipTests install");
	}

	static void startAll(Path root, DemoFolder folder, ChildProcesses children, Map<String, String> environment)
			throws IOException {
		Path logs = folder.dir("logs");
		List<Process> started = new ArrayList<>();
		for (Service service : SERVICES) {
			Path config = root.resolve("setup/demo/" + service.name() + ".yml");
			List<String> command = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-jar", jar(root, service).toString(),
					"--server.port=" + service.port(), "--spring.config.additional-location=optional:file:" + config));
			started.add(children.startJava(service.name(), ChildProcesses.Stage.SERVICE, command, logs.resolve(service.name() + ".log"), root,
					environment));
		}
		for (int i = 0; i < SERVICES.size(); i++) {
			awaitHealthy(SERVICES.get(i), started.get(i), logs.resolve(SERVICES.get(i).name() + ".log"));
		}
	}

	private static void awaitHealthy(Service service, Process process, Path log) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + service.port() + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new DemoException(service.name() + " stopped while starting; see " + log);
			}
			try {
				if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					System.out.println("  " + service.name() + " is up on http://localhost:" + service.port());
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
		throw new DemoException(service.name() + " did not report healthy within 3 minutes; see " + log);
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
