package ticketing.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.common.TopicPartition;

import ticketing.contract.Topics;

/**
 * Waits until the system has nothing left to do: no unpublished outbox row, no open transaction on ticket-order,
 * every consumer group (notification, lake, streams) committed up to its end, and Redis holding notification-service's
 * read position of every partition with records, twice in a row a second apart. Committed offsets mean done work
 * here: each group commits only after its Redis write, S3 upload or Streams transaction. After Redis restarted empty
 * the committed offsets still stand at the end until notification-service notices and reads the topic again; the
 * read positions, gone with the data until then, tell that it has not (and before the broken variant's rebuild the
 * suite sets the offsets back to the start).
 */
final class Quiet {

	/** notification-service's read positions in Redis: the last offset applied per partition. */
	static final String READ_POSITIONS = "notification:read-positions";

	static final List<String> GROUPS = List.of("notification-service", "analytics-lake", "analytics-streams");

	private final RunningSystem system;

	private String lastState = "not checked yet";

	Quiet(RunningSystem system) {
		this.system = system;
	}

	/** Returns whether the system became quiet within the timeout. */
	boolean await(Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		int inARow = 0;
		while (Instant.now().isBefore(deadline)) {
			inARow = isQuiet() ? inARow + 1 : 0;
			if (inARow == 2) {
				return true;
			}
			Thread.sleep(1000);
		}
		return false;
	}

	private Map<String, String> readPositions() {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + system.redisPort());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().hgetall(READ_POSITIONS);
		}
	}

	/** What was still going on at the last look. */
	String lastState() {
		return lastState;
	}

	private boolean isQuiet() {
		List<String> busy = new ArrayList<>();
		try (Connection connection = system.database(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM order_outbox_pending")) {
			rs.next();
			if (rs.getLong(1) > 0) {
				busy.add(rs.getLong(1) + " unpublished outbox rows");
			}
			try (KafkaOffsets kafka = new KafkaOffsets(system.kafkaClient())) {
				List<TopicPartition> partitions = kafka.partitions(List.of(Topics.TICKET_ORDER));
				Map<TopicPartition, Long> stable = kafka.lastStable(partitions);
				Map<TopicPartition, Long> end = kafka.logEnd(partitions);
				stable.forEach((tp, offset) -> {
					if (offset < end.get(tp)) {
						busy.add(tp + " has an open transaction");
					}
				});
				Map<String, String> positions = readPositions();
				stable.forEach((tp, offset) -> {
					if (offset > 0 && !positions.containsKey(tp.topic() + "-" + tp.partition())) {
						busy.add("Redis holds no read position of " + tp + " (notification-service has not read it "
								+ "again since Redis lost its data)");
					}
				});
				for (String group : GROUPS) {
					Map<TopicPartition, Long> committed = kafka.committed(group);
					stable.forEach((tp, offset) -> {
						long lag = offset - committed.getOrDefault(tp, 0L);
						if (lag > 0) {
							busy.add(group + " is " + lag + " behind on " + tp);
						}
					});
				}
			}
		}
		catch (Exception ex) {
			busy.add("could not look: " + ex);
		}
		lastState = busy.isEmpty() ? "quiet" : String.join("; ", busy);
		return busy.isEmpty();
	}

}
