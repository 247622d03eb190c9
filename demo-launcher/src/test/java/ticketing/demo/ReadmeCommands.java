package ticketing.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ticketing.testsupport.kafka.KafkaTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Kafka commands a README shows, as written, against the test cluster instead of the demo's: only the
 * bootstrap address and the admin's client configuration differ (and a consumer's idle timeout, see
 * {@link #TEST_TIMEOUTS}). Each command is checked to appear in the README, so the two cannot drift apart.
 */
final class ReadmeCommands {

	static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	private static final String DEMO_BOOTSTRAP = "--bootstrap-server localhost:19092";

	private static final String DEMO_CLIENT_CONFIG = "--command-config .demo/kafka/admin-client.properties";

	/** How long a README's consumer waits for more records before it stops: shorter here, the records are there. */
	private static final Map<String, String> TEST_TIMEOUTS = Map.of("--timeout-ms 10000", "--timeout-ms 2500");

	private final String readme;

	private final Path readmePath;

	private final KafkaTestCluster kafka;

	private final Path clientConfig;

	private final Set<String> ran = new LinkedHashSet<>();

	ReadmeCommands(Path readme, KafkaTestCluster kafka) throws IOException {
		this.readmePath = readme;
		this.readme = Files.readString(readme);
		this.kafka = kafka;
		// The test cluster's administrator, where the demo's would sign in (by flag, or the scripts' default)
		Files.createDirectories(Path.of("target"));
		this.clientConfig = Files.createTempFile(Path.of("target"), "admin-client", ".properties");
		Files.writeString(this.clientConfig, kafka.administrator().configFile(kafka.bootstrapServers()));
	}

	/** Runs a README command to its end, with this input, and returns its output; it must exit with 0. */
	String run(String readmeCommand, String input, String... testOnlyArgs) throws IOException, InterruptedException {
		Process process = start(readmeCommand, testOnlyArgs);
		process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("exit code of %s; output:%n%s", readmeCommand, output).isZero();
		return output;
	}

	/** Starts a README command that runs until it is stopped (a consumer in a group); its output is discarded. */
	Process start(String readmeCommand, String... testOnlyArgs) throws IOException {
		assertThat(this.readme).as("%s shows the command", this.readmePath).contains(readmeCommand);
		this.ran.add(readmeCommand);
		String command = readmeCommand.replace(DEMO_BOOTSTRAP, "--bootstrap-server " + this.kafka.bootstrapServers())
			.replace(DEMO_CLIENT_CONFIG, "--command-config " + this.clientConfig.toAbsolutePath());
		for (Map.Entry<String, String> timeout : TEST_TIMEOUTS.entrySet()) {
			command = command.replace(timeout.getKey(), timeout.getValue());
		}
		List<String> bash = new ArrayList<>(List.of("bash", "-c", command + " " + String.join(" ", testOnlyArgs)));
		ProcessBuilder builder = new ProcessBuilder(bash).directory(ROOT.toFile()).redirectErrorStream(true);
		builder.environment().put("KAFKA_CLIENT_CONFIG", this.clientConfig.toAbsolutePath().toString());
		return builder.start();
	}

	/** The commands of the README's {@code bash} blocks that start with {@code setup/bin/kafka-} or pipe into one. */
	Set<String> kafkaCommandsShown() {
		Set<String> commands = new LinkedHashSet<>();
		boolean inBash = false;
		for (String line : this.readme.split("\n")) {
			if (line.startsWith("```")) {
				inBash = line.equals("```bash");
			}
			else if (inBash && line.contains("setup/bin/kafka-")) {
				commands.add(line);
			}
		}
		return commands;
	}

	/** The README commands run so far. */
	Set<String> ran() {
		return this.ran;
	}

}
