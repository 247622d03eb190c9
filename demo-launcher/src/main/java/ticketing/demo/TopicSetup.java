package ticketing.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the topics of {@code setup/kafka/topics.conf} that do not exist yet. */
public final class TopicSetup {

	private TopicSetup() {
	}

	static List<NewTopic> read(Path topicsConf) throws IOException {
		return Files.readAllLines(topicsConf)
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.map(TopicSetup::parse)
			.toList();
	}

	static NewTopic parse(String line) {
		String[] fields = line.split("\\s+");
		if (fields.length < 3) {
			throw new DemoException("Bad line in topics.conf (need: name partitions replication-factor [k=v ...]): "
					+ line);
		}
		Map<String, String> configs = new HashMap<>();
		for (int i = 3; i < fields.length; i++) {
			String[] pair = fields[i].split("=", 2);
			configs.put(pair[0], pair[1]);
		}
		return new NewTopic(fields[0], Integer.parseInt(fields[1]), Short.parseShort(fields[2])).configs(configs);
	}

	/** Creates the missing topics, signed in as a user who may ({@code adminClient}); returns their names. */
	public static List<String> apply(Path topicsConf, Properties adminClient) throws Exception {
		try (Admin admin = Admin.create(adminClient)) {
			Set<String> existing = admin.listTopics().names().get();
			List<NewTopic> missing = read(topicsConf).stream().filter((t) -> !existing.contains(t.name())).toList();
			if (!missing.isEmpty()) {
				admin.createTopics(missing).all().get();
			}
			return missing.stream().map(NewTopic::name).toList();
		}
	}

}
