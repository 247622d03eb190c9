package ticketing.faults;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ticketing.contract.EventHeaders;
import ticketing.contract.Topics;
import ticketing.faults.Observations.DeadLetter;
import ticketing.faults.Observations.Event;
import ticketing.faults.Observations.LakeLine;
import ticketing.faults.Observations.OpenTransaction;
import ticketing.faults.Observations.PgOrder;
import ticketing.faults.Observations.Suspicious;
import ticketing.testsupport.kafka.TopicReader;

/** Reads what the checks compare from the running system's stores. */
final class Observer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final java.util.regex.Pattern USER_KEY = java.util.regex.Pattern
		.compile("notification:user:(\\d+):last-purchase");

	private final RunningSystem system;

	Observer(RunningSystem system) {
		this.system = system;
	}

	Observations observe() throws Exception {
		List<PgOrder> orders = new ArrayList<>();
		Map<String, Long> orderOfEvent = new HashMap<>();
		long unpublished;
		try (Connection connection = system.database(); Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement.executeQuery("""
					SELECT o.id, o.user_id, o.content_id, c.category,
					       floor(extract(epoch FROM o.created_at) * 1000)::bigint AS created_ms
					FROM ticket_orders o JOIN contents c ON c.id = o.content_id ORDER BY o.id""")) {
				while (rs.next()) {
					orders.add(new PgOrder(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5)));
				}
			}
			try (ResultSet rs = statement.executeQuery(
					"SELECT event_id, (payload::jsonb ->> 'order_id')::bigint FROM order_outbox")) {
				while (rs.next()) {
					orderOfEvent.put(rs.getString(1), rs.getLong(2));
				}
			}
			unpublished = count(statement, "SELECT count(*) FROM order_outbox_pending");
		}
		RedisContent redis = redis();
		return new Observations(orders, orderOfEvent, unpublished, events(Topics.TICKET_ORDER),
				events(Topics.CATEGORY_FILTERED_TICKET_ORDER), suspicious(), deadLetters(), redis.latest(), redis.updates(),
				redis.otherKeys(), lake(), openTransactions());
	}

	private List<Event> events(String topic) {
		return read(topic, (record) -> new Event(record.partition(), record.offset(), record.key(),
				EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).orElse(null), orderId(record.value()),
				record.timestamp()));
	}

	private List<Suspicious> suspicious() {
		return read(Topics.SUSPICIOUS_USER,
				(record) -> new Suspicious(record.key(), ByteBuffer.wrap(record.value()).getInt(), record.timestamp()));
	}

	private List<DeadLetter> deadLetters() {
		return read(Topics.TICKET_ORDER_DLT, (record) -> new DeadLetter(
				(record.value() == null) ? "" : new String(record.value(), StandardCharsets.UTF_8),
				EventHeaders.lastValue(record.headers(), EventHeaders.EVENT_ID).orElse(null), group(record)));
	}

	/** Every committed record of the topic, from the beginning to the end it has now, as {@code toValue} makes it. */
	private <T> List<T> read(String topic, Function<ConsumerRecord<String, byte[]>, T> toValue) {
		try (KafkaConsumer<String, byte[]> consumer = consumer()) {
			return TopicReader.readToEnd(consumer, topic).stream().map(toValue).toList();
		}
	}

	/**
	 * Which consumer group sent a record to the dead-letter topic: spring-kafka's recoverer names it in a header (the
	 * notification and lake consumers); Kafka Streams' dead-letter records carry its __streams.errors.* headers.
	 */
	static String group(ConsumerRecord<?, ?> record) {
		Header group = record.headers().lastHeader("kafka_dlt-original-consumer-group");
		if (group != null) {
			return new String(group.value(), StandardCharsets.UTF_8);
		}
		for (Header header : record.headers()) {
			if (header.key().startsWith("__streams.errors.")) {
				return "analytics-streams";
			}
		}
		return "unknown";
	}

	/**
	 * Redis in one pass: each user's kept order id, and every key that is neither a user's purchase nor the service's
	 * read positions.
	 */
	private record RedisContent(Map<Long, String> latest, Map<Long, Long> updates, List<String> otherKeys) {
	}

	private RedisContent redis() {
		Map<Long, String> latest = new HashMap<>();
		Map<Long, Long> updates = new HashMap<>();
		List<String> others = new ArrayList<>();
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + system.redisPort());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			for (String key : connection.sync().keys("*")) {
				Long user = userOf(key);
				if (user != null) {
					Map<String, String> purchase = connection.sync().hgetall(key);
					latest.put(user, purchase.get("order_id"));
					if (purchase.get("updates") != null) {
						updates.put(user, Long.parseLong(purchase.get("updates")));
					}
				}
				else if (!key.equals(Quiet.READ_POSITIONS)) {
					others.add(key);
				}
			}
		}
		others.sort(null);
		return new RedisContent(latest, updates, others);
	}

	private static @Nullable Long userOf(String key) {
		var matcher = USER_KEY.matcher(key);
		return matcher.matches() ? Long.parseLong(matcher.group(1)) : null;
	}

	private List<LakeLine> lake() {
		List<LakeLine> lines = new ArrayList<>();
		try (S3Client s3 = system.s3Client()) {
			for (S3Object object : s3
				.listObjectsV2Paginator((request) -> request.bucket(RunningSystem.BUCKET).prefix(Topics.TICKET_ORDER + "/"))
				.contents()) {
				String content;
				try {
					content = s3
						.getObjectAsBytes((request) -> request.bucket(RunningSystem.BUCKET).key(object.key()))
						.asUtf8String();
				}
				catch (NoSuchKeyException ex) {
					// S3Proxy lists an upload in progress under a temporary key (<key>-<uuid>), gone once the upload
					// ends or breaks off; S3 never shows one. A completed upload is listed under its own key.
					continue;
				}
				for (String line : content.split("\n")) {
					if (!line.isBlank()) {
						JsonNode node = JSON.readTree(line);
						lines.add(new LakeLine(object.key(), text(node, "event_id"), text(node, "order_id")));
					}
				}
			}
		}
		return lines;
	}

	private List<OpenTransaction> openTransactions() throws Exception {
		List<OpenTransaction> open = new ArrayList<>();
		try (KafkaOffsets kafka = new KafkaOffsets(system.kafkaClient())) {
			List<TopicPartition> partitions = kafka.partitions(kafka.topics());
			Map<TopicPartition, Long> end = kafka.logEnd(partitions);
			kafka.lastStable(partitions).forEach((tp, stable) -> {
				if (stable < end.get(tp)) {
					open.add(new OpenTransaction(tp.toString(), stable, end.get(tp)));
				}
			});
		}
		open.sort(java.util.Comparator.comparing(OpenTransaction::topicPartition));
		return open;
	}

	private KafkaConsumer<String, byte[]> consumer() {
		Properties props = system.kafkaClient();
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-injection-check-" + UUID.randomUUID());
		return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
	}

	/** The order_id of an event's JSON value, or null for a value that is not JSON. */
	static @Nullable String orderId(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		try {
			return text(JSON.readTree(value), "order_id");
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	private static long count(Statement statement, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
