package ticketing.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ticketing.contract.Topics;

/**
 * Waits until the system has nothing left to do: no unpublished outbox row, no open transaction on ticket-order,
 * and every consumer group (notification, lake, streams) committed up to its end, twice in a row a second apart.
 * Committed offsets mean done work here: each group commits only after its Redis write, S3 upload or Streams
 * transaction. After a restart with the rebuild, notification-service's committed offsets are at the end before it
 * has re-read anything: then it must also report, by its consumers' own records-lag metric, that it has read up to the
 * end (Micrometer registers the per-partition metric up to a minute after the assignment, which that wait costs).
 */
final class Quiet {

	static final List<String> GROUPS = List.of("notification-service", "analytics-lake", "analytics-streams");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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

	/** What was still going on at the last look. */
	String lastState() {
		return lastState;
	}

	/** Empty when notification-service's consumers have fetched every partition and are at its end. */
	private String notificationLag() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + system.port(RunningSystem.NOTIFICATION)
					+ "/actuator/metrics/kafka.consumer.fetch.manager.records.lag"))
			.timeout(Duration.ofSeconds(5))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			return "notification-service has not fetched yet";
		}
		JsonNode metric = JSON.readTree(response.body());
		double lag = metric.get("measurements").get(0).get("value").asDouble();
		int partitions = 0;
		for (JsonNode tag : metric.get("availableTags")) {
			if (tag.get("tag").asString().equals("partition")) {
				partitions = tag.get("values").size();
			}
		}
		if (partitions < 3 || lag > 0) {
			return "notification-service's consumers are " + (long) lag + " records behind on " + partitions
					+ " partitions";
		}
		return "";
	}

	private boolean isQuiet() {
		List<String> busy = new ArrayList<>();
		try (Connection connection = system.database(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM order_outbox WHERE published_at IS NULL")) {
			rs.next();
			if (rs.getLong(1) > 0) {
				busy.add(rs.getLong(1) + " unpublished outbox rows");
			}
			Properties props = new Properties();
			props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
			try (Admin admin = Admin.create(props)) {
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				admin.describeTopics(List.of(Topics.TICKET_ORDER))
					.allTopicNames()
					.get(10, TimeUnit.SECONDS)
					.get(Topics.TICKET_ORDER)
					.partitions()
					.forEach((p) -> latest.put(new TopicPartition(Topics.TICKET_ORDER, p.partition()), OffsetSpec.latest()));
				var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
					.all()
					.get(10, TimeUnit.SECONDS);
				var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
					.all()
					.get(10, TimeUnit.SECONDS);
				stable.forEach((tp, info) -> {
					if (info.offset() < end.get(tp).offset()) {
						busy.add(tp + " has an open transaction");
					}
				});
				String notification = system.notificationsRebuilding() ? notificationLag() : "";
				if (!notification.isEmpty()) {
					busy.add(notification);
				}
				for (String group : GROUPS) {
					Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
						.partitionsToOffsetAndMetadata()
						.get(10, TimeUnit.SECONDS);
					stable.forEach((tp, info) -> {
						OffsetAndMetadata offset = committed.get(tp);
						long lag = info.offset() - (offset == null ? 0 : offset.offset());
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
