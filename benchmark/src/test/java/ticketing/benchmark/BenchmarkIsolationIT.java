package ticketing.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import ticketing.testsupport.demo.DemoDataSnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code ./benchmark.sh} as a user runs it, the shortest run it accepts ({@code --quick --api-only}, few orders: about
 * two minutes, most of it the demo stack's start), leaves the default demo's data as it was: the database
 * {@code ticketing}, the keys {@code notification:*}, the topics and lake in {@code .demo/} (or still absent where
 * there is none). Its own demo stack runs on a temporary data folder with a database and keys of its own.
 */
class BenchmarkIsolationIT {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path OUTPUT = Path.of("target/benchmark-isolation-it.out").toAbsolutePath();

	@Test
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void shouldLeaveTheDefaultDemosDataAsItWas() throws Exception {
		// A running ./demo holds the ports the benchmark needs (it refuses to start) and changes its own data anyway
		assumeFalse(DemoDataSnapshot.aDemoIsRunning(), "a ./demo is running: the benchmark cannot start");
		// What the script would otherwise build with a nested ./mvnw: the reactor builds it first (see the pom)
		for (String service : List.of("order-service", "notification-service", "analytics-service")) {
			assertThat(jars(ROOT.resolve(service).resolve("target"))).as(service + "'s jar").isNotEmpty();
		}
		assertThat(ROOT.resolve("demo-launcher/target/classpath.txt")).exists();
		assertThat(ROOT.resolve("benchmark/target/classpath.txt")).exists();
		Set<Path> earlierResults = list(ROOT.resolve("benchmark/results"));
		DemoDataSnapshot before = DemoDataSnapshot.take(ROOT);

		Process benchmark = new ProcessBuilder("../benchmark.sh", "--quick", "--api-only", "--orders", "50")
			.directory(ROOT.resolve("benchmark").toFile())
			.redirectErrorStream(true)
			.redirectOutput(OUTPUT.toFile())
			.start();
		try {
			boolean ended = benchmark.waitFor(6, TimeUnit.MINUTES);
			assertThat(ended).as("./benchmark.sh ended within 6 minutes (output: %s)", OUTPUT).isTrue();
			assertThat(benchmark.exitValue()).as("./benchmark.sh's exit code; its output:%n%s", tail(OUTPUT))
				.isZero();

			DemoDataSnapshot after = DemoDataSnapshot.take(ROOT);
			assertThat(after).withFailMessage("./benchmark.sh changed the default demo's data (%s):%n%s",
					before.summary(), before.describeChangesTo(after))
				.isEqualTo(before);
		}
		finally {
			if (benchmark.isAlive()) {
				benchmark.destroy(); // SIGTERM: the script's trap stops its demo stack
				benchmark.waitFor(1, TimeUnit.MINUTES);
			}
			removeWhatTheRunLeft(earlierResults);
		}
	}

	/**
	 * The script keeps what a user may want to look at after a run: its results in {@code benchmark/results/}, and
	 * its demo's data folder, database and keys. A test run's are of no use to anyone, and would pile up.
	 */
	private static void removeWhatTheRunLeft(Set<Path> earlierResults) throws Exception {
		for (Path results : list(ROOT.resolve("benchmark/results"))) {
			if (!earlierResults.contains(results)) {
				deleteRecursively(results);
			}
		}
		String output = Files.exists(OUTPUT) ? Files.readString(OUTPUT) : "";
		Matcher log = Pattern.compile("Starting the demo stack \\(log: (.+)/demo\\.out\\)").matcher(output);
		if (!log.find()) {
			return;
		}
		Path dataDir = Path.of(log.group(1));
		Path demoOut = dataDir.resolve("demo.out");
		Matcher stores = Pattern.compile("this demo's database: (ticketing_[0-9a-f]+), its Redis keys: "
				+ "(notification-[0-9a-f]+:)\\*").matcher(Files.exists(demoOut) ? Files.readString(demoOut) : "");
		if (stores.find()) {
			try (Connection server = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
					"postgres", ""); Statement statement = server.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS \"" + stores.group(1) + "\" WITH (FORCE)");
			}
			RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
			try (StatefulRedisConnection<String, String> redis = client.connect()) {
				List<String> keys = ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches(stores.group(2) + "*"))
					.stream()
					.toList();
				if (!keys.isEmpty()) {
					redis.sync().del(keys.toArray(String[]::new));
				}
			}
			finally {
				client.shutdown();
			}
		}
		deleteRecursively(dataDir);
	}

	private static List<Path> jars(Path target) throws IOException {
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jar")).toList();
		}
	}

	private static Set<Path> list(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return Set.of();
		}
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.collect(Collectors.toSet());
		}
	}

	private static String tail(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file);
		return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(each);
			}
		}
	}

}
