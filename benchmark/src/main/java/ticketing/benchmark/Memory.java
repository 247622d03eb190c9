package ticketing.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resident memory of the demo's JVMs, from /proc/&lt;pid&gt;/status: VmRSS (now) and VmHWM (the peak since the process
 * started, so it covers the load phases). Processes are found by their command lines with pgrep -f.
 */
final class Memory {

	/** What to look for in each process's command line. */
	static final Map<String, String> PROCESSES = processes();

	private static Map<String, String> processes() {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("order-service", "order-service-[^ ]*\\.jar");
		map.put("notification-service", "notification-service-[^ ]*\\.jar");
		map.put("analytics-service", "analytics-service-[^ ]*\\.jar");
		map.put("kafka-broker-1", "kafka\\.Kafka .*broker-1\\.properties");
		map.put("kafka-broker-2", "kafka\\.Kafka .*broker-2\\.properties");
		map.put("kafka-broker-3", "kafka\\.Kafka .*broker-3\\.properties");
		map.put("kafka-controller", "kafka\\.Kafka .*controller\\.properties");
		map.put("demo-launcher (S3 server)", "ticketing\\.demo\\.DemoLauncher");
		return map;
	}

	record Rss(String process, long pid, long rssMb, long peakMb) {

		String json() {
			return String.format(Locale.ROOT, "{\"process\":%s,\"pid\":%d,\"rss_mb\":%d,\"peak_rss_mb\":%d}",
					Json.string(process), pid, rssMb, peakMb);
		}

	}

	static List<Rss> snapshot(Path root) {
		return PROCESSES.entrySet().stream().map(e -> rss(root, e.getKey(), e.getValue())).toList();
	}

	private static Rss rss(Path root, String name, String pattern) {
		try {
			String pids = Processes.run(root, Map.of(), java.time.Duration.ofSeconds(10),
					List.of("pgrep", "-f", pattern));
			long pid = Long.parseLong(pids.lines().findFirst().orElse("-1").strip());
			String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
			return new Rss(name, pid, kb(status, "VmRSS") / 1024, kb(status, "VmHWM") / 1024);
		}
		catch (IOException | NumberFormatException ex) {
			return new Rss(name, -1, -1, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Rss(name, -1, -1, -1);
		}
	}

	private static long kb(String status, String field) {
		return status.lines()
			.filter(l -> l.startsWith(field + ":"))
			.map(l -> l.replaceAll("[^0-9]", ""))
			.mapToLong(Long::parseLong)
			.findFirst()
			.orElse(-1);
	}

}
