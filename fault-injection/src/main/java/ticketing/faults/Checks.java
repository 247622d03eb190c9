package ticketing.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import ticketing.faults.FaultInjector.Phantom;
import ticketing.faults.FaultInjector.Poison;
import ticketing.faults.Observations.Event;
import ticketing.faults.Observations.PgOrder;
import ticketing.faults.OrderClients.Acknowledged;
import ticketing.faults.OrderClients.Unacknowledged;

/**
 * The seven checks of the suite, as pure functions of what was observed: each names its first differences by order.
 * A duplicate is an order found more than once where it must be once; a loss is an order missing where it must be.
 */
final class Checks {

	/** The consumer groups that must each put every poison record into the dead-letter topic. */
	static final List<String> DEAD_LETTER_GROUPS = List.of("notification-service", "analytics-lake",
			"analytics-streams");

	/** How many differences a check names. */
	static final int SHOWN = 5;

	record Result(int number, String name, boolean passed, String summary, List<String> differences, long duplicates,
			long losses) {
	}

	/** The scalping rules the analytics-service of the run was given. */
	record Windows(Duration size, Duration grace, int threshold) {
	}

	private final Observations seen;

	private final Map<Long, PgOrder> orders;

	private final Set<String> phantomIds;

	private final List<Poison> poisons;

	private final Set<String> poisonTokens;

	private final Set<Long> corruptedUsers;

	/**
	 * @param corruptedUsers users whose Redis value a fault overwrote: their {@code updates} counter started again
	 */
	Checks(Observations seen, List<Phantom> phantoms, List<Poison> poisons, Set<Long> corruptedUsers) {
		this.seen = seen;
		this.corruptedUsers = Set.copyOf(corruptedUsers);
		this.orders = seen.orders().stream().collect(Collectors.toMap(PgOrder::id, Function.identity(), (a, b) -> a,
				TreeMap::new));
		this.phantomIds = phantoms.stream().map(Phantom::orderId).collect(Collectors.toSet());
		this.poisons = List.copyOf(poisons);
		this.poisonTokens = poisons.stream().map(Poison::token).collect(Collectors.toSet());
	}

	List<Result> all(List<Acknowledged> acknowledged, List<Unacknowledged> unacknowledged, Windows windows) {
		return List.of(acknowledgedOrdersInPostgres(acknowledged, unacknowledged), ticketOrderTopic(),
				latestPurchaseInRedis(), lake(), streams(windows), noOpenTransaction(), deadLetters());
	}

	/** 1. Every order that the API acknowledged is in PostgreSQL, and nothing else is. */
	Result acknowledgedOrdersInPostgres(List<Acknowledged> acknowledged, List<Unacknowledged> unacknowledged) {
		List<String> differences = new ArrayList<>();
		Map<Long, Acknowledged> byId = new TreeMap<>();
		long duplicates = 0;
		for (Acknowledged ack : acknowledged) {
			if (byId.putIfAbsent(ack.orderId(), ack) != null) {
				duplicates++;
				differences.add("order " + ack.orderId() + " acknowledged for two keys: " + byId.get(ack.orderId())
					.idempotencyKey() + " and " + ack.idempotencyKey());
			}
		}
		long losses = 0;
		for (Acknowledged ack : byId.values()) {
			PgOrder order = orders.get(ack.orderId());
			if (order == null) {
				losses++;
				differences.add("order " + ack.orderId() + " (key " + ack.idempotencyKey()
						+ ") was acknowledged but is not in PostgreSQL");
			}
			else if (order.userId() != ack.userId() || order.contentId() != ack.contentId()) {
				differences.add("order " + ack.orderId() + " is user " + order.userId() + "/content "
						+ order.contentId() + " in PostgreSQL but was placed as user " + ack.userId() + "/content "
						+ ack.contentId());
			}
		}
		for (PgOrder order : orders.values()) {
			if (!byId.containsKey(order.id())) {
				duplicates++;
				differences.add("order " + order.id() + " (user " + order.userId()
						+ ") is in PostgreSQL but no client was given it: a retry placed it twice?");
			}
		}
		for (Unacknowledged order : unacknowledged) {
			differences.add("order with key " + order.idempotencyKey() + " was never acknowledged; last answer: "
					+ order.lastAnswer());
		}
		return result(1, "every acknowledged order is in PostgreSQL, nothing else", differences,
				acknowledged.size() + " acknowledged, " + orders.size() + " in PostgreSQL", duplicates, losses);
	}

	/**
	 * 2. ticket-order, read with read_committed, holds every order exactly once (by event id), each user's orders on
	 * one partition in the order they were placed; nothing else but the poison records written on purpose.
	 */
	Result ticketOrderTopic() {
		List<String> differences = new ArrayList<>();
		List<Event> events = seen.ticketOrder().stream().filter((e) -> !isPoison(e)).toList();
		Count count = count(events, differences, "ticket-order");
		if (seen.unpublishedOutboxRows() > 0) {
			differences.add(seen.unpublishedOutboxRows() + " outbox rows are still unpublished");
		}
		Map<String, List<Event>> byUser = new TreeMap<>();
		Set<String> first = new HashSet<>();
		for (Event event : events) {
			if (event.eventId() != null && first.add(event.eventId()) && isOrder(event)) {
				byUser.computeIfAbsent(event.key(), (k) -> new ArrayList<>()).add(event);
			}
		}
		byUser.forEach((user, userEvents) -> {
			Set<Integer> partitions = userEvents.stream().map(Event::partition).collect(Collectors.toSet());
			if (partitions.size() > 1) {
				differences.add("user " + user + "'s orders are on partitions " + partitions);
			}
			for (int i = 1; i < userEvents.size(); i++) {
				Event before = userEvents.get(i - 1);
				Event after = userEvents.get(i);
				if (after.partition() == before.partition()
						&& Long.parseLong(after.orderId()) < Long.parseLong(before.orderId())) {
					differences.add("user " + user + ": order " + after.orderId() + " (offset " + after.offset()
							+ ") comes after order " + before.orderId() + " (offset " + before.offset() + ")");
				}
			}
		});
		return result(2, "ticket-order (read_committed): each order once, in per-user order", differences,
				count.summary(), count.duplicates(), count.losses());
	}

	/**
	 * 3. Redis holds, for every user, exactly the latest order in PostgreSQL, and counted as many updates as the topic's
	 * events give: a notification lost along the way (and put right by a later one) shows there.
	 */
	Result latestPurchaseInRedis() {
		List<String> differences = new ArrayList<>();
		Map<Long, PgOrder> latest = new TreeMap<>();
		orders.values().forEach((order) -> latest.merge(order.userId(), order, (a, b) -> a.id() > b.id() ? a : b));
		long losses = 0;
		for (PgOrder order : latest.values()) {
			String kept = seen.redisLatest().get(order.userId());
			if (kept == null) {
				losses++;
				differences.add("user " + order.userId() + ": no purchase in Redis; latest order is " + order.id());
			}
			else if (!kept.equals(Long.toString(order.id()))) {
				differences.add("user " + order.userId() + ": Redis has order " + kept + describe(kept)
						+ ", PostgreSQL's latest is " + order.id());
			}
		}
		seen.redisLatest().forEach((user, kept) -> {
			if (!latest.containsKey(user)) {
				differences.add("user " + user + " has no order in PostgreSQL but Redis has order " + kept
						+ describe(kept));
			}
		});
		long lostUpdates = 0;
		Map<Long, Long> updates = replayedUpdates();
		for (Map.Entry<Long, Long> expected : updates.entrySet()) {
			Long counted = seen.redisUpdates().get(expected.getKey());
			if (counted != null && !counted.equals(expected.getValue()) && !corruptedUsers.contains(expected.getKey())) {
				lostUpdates += Math.max(0, expected.getValue() - counted);
				differences.add("user " + expected.getKey() + ": Redis counted " + counted + " updates, the topic's "
						+ "events give " + expected.getValue() + " (a notification lost or applied twice)");
			}
		}
		seen.redisOtherKeys().forEach((key) -> differences.add("unexpected Redis key " + key));
		return result(3, "Redis: each user's latest order, and as many updates as the topic gives", differences,
				seen.redisLatest().size() + " users in Redis, " + latest.size() + " users with orders, "
						+ updates.values().stream().mapToLong(Long::longValue).sum() + " updates",
				0, losses + lostUpdates);
	}

	/**
	 * How many times each user's latest purchase must have been replaced: the topic's orders applied in the order of
	 * their partition by notification-service's rule (the greater (event time in ms, partition, offset) wins, the same
	 * order id never counts twice). Redis's {@code updates} must say the same, after any crash or rebuild.
	 */
	Map<Long, Long> replayedUpdates() {
		Map<String, Event> kept = new HashMap<>();
		Map<Long, Long> updates = new TreeMap<>();
		Set<String> first = new HashSet<>();
		for (Event event : seen.ticketOrder()) {
			if (!isOrder(event) || event.eventId() == null || isPoison(event) || !first.add(event.eventId())
					|| event.key() == null || !event.key().matches("\\d{1,18}")) {
				continue;
			}
			Event before = kept.get(event.key());
			if (before == null || (!before.orderId().equals(event.orderId()) && isAfter(event, before))) {
				kept.put(event.key(), event);
				updates.merge(Long.parseLong(event.key()), 1L, Long::sum);
			}
		}
		return updates;
	}

	private static boolean isAfter(Event event, Event before) {
		if (event.timestamp() != before.timestamp()) {
			return event.timestamp() > before.timestamp();
		}
		if (event.partition() != before.partition()) {
			return event.partition() > before.partition();
		}
		return event.offset() > before.offset();
	}

	/** 4. The S3 lake holds every order exactly once. */
	Result lake() {
		List<String> differences = new ArrayList<>();
		List<Event> lines = seen.lake()
			.stream()
			.map((line) -> new Event(-1, -1, null, line.eventId(), line.orderId(), -1))
			.toList();
		Count count = count(lines, differences, "the lake");
		return result(4, "S3 lake: each order once", differences,
				count.summary() + " in " + seen.lake().stream().map(Observations.LakeLine::objectKey).distinct().count()
						+ " objects",
				count.duplicates(), count.losses());
	}

	/**
	 * 5. category-filtered-ticket-order holds exactly the live orders, once; suspicious-user equals a recount of the
	 * windows from PostgreSQL's timestamps, in the order the stream read them.
	 */
	Result streams(Windows windows) {
		List<String> differences = new ArrayList<>();
		Set<Long> live = orders.values()
			.stream()
			.filter((o) -> "live".equals(o.category()))
			.map(PgOrder::id)
			.collect(Collectors.toSet());
		Map<String, Integer> times = new HashMap<>();
		long duplicates = 0;
		for (Event event : seen.liveOrders()) {
			if (times.merge(String.valueOf(event.orderId()), 1, Integer::sum) == 2) {
				duplicates++;
				differences.add("order " + event.orderId() + " is in category-filtered-ticket-order twice");
			}
			if (!isOrder(event) || !live.contains(Long.parseLong(event.orderId()))) {
				differences.add("category-filtered-ticket-order has " + event.orderId() + describe(event.orderId())
						+ ", not a live order of PostgreSQL");
			}
		}
		long losses = 0;
		for (long id : live) {
			if (!times.containsKey(Long.toString(id))) {
				losses++;
				differences.add("live order " + id + " is not in category-filtered-ticket-order");
			}
		}
		Recount recount = recountSuspicious(windows);
		long size = windows.size().toMillis();
		Map<String, List<Integer>> emitted = new TreeMap<>();
		seen.suspiciousUsers().forEach((s) -> emitted
			.computeIfAbsent(window(s.userId(), s.timestamp() - Math.floorMod(s.timestamp(), size)),
					(w) -> new ArrayList<>())
			.add(s.count()));
		Set<String> all = new java.util.TreeSet<>(recount.windows().keySet());
		all.addAll(emitted.keySet());
		for (String window : all) {
			WindowCount count = recount.windows().get(window);
			List<Integer> got = emitted.getOrDefault(window, List.of());
			if (count == null) {
				differences.add("suspicious-user: " + window + ": records " + got + ", but no order in it");
			}
			else if (!count.allows(got, windows.threshold())) {
				differences.add("suspicious-user: " + window + ": records " + got + ", the recount wants "
						+ count.wanted(windows.threshold()));
			}
		}
		return result(5, "streams: live orders once; suspicious users = recount", differences,
				seen.liveOrders().size() + " live order records for " + live.size() + " live orders; "
						+ seen.suspiciousUsers().size() + " suspicious-user records, "
						+ recount.windows().values().stream().filter((w) -> w.certain() && w.closed()
								&& w.all() >= windows.threshold()).count()
						+ " windows in the recount"
						+ (recount.uncertain().isEmpty() ? ""
								: " and " + recount.uncertain().size() + " with orders later than the grace"),
				duplicates, losses);
	}

	/**
	 * One window of one user in the recount.
	 * @param onTime how many of its orders the stream read before its stream time passed the window's end plus the
	 *               grace
	 * @param all    how many orders it has in all; more than {@code onTime} when some came later than the grace
	 * @param closed whether the partition's stream time passed its end plus the grace
	 */
	record WindowCount(int onTime, int all, boolean closed) {

		/** Whether no order came later than the grace: then the window's one record, if any, is certain. */
		boolean certain() {
			return this.onTime == this.all;
		}

		/**
		 * Whether the records of the window are right: a closed window whose count reached the threshold has exactly one
		 * record with its count, any other none. A window that got orders later than the grace (closed, then) has at
		 * most one record, exactly one if its orders on time reached the threshold; its count may include late
		 * orders: Kafka Streams drops them by the stream time it knows, which a restart may have set back.
		 */
		boolean allows(List<Integer> records, int threshold) {
			if (certain()) {
				return (this.closed && this.all >= threshold) ? records.equals(List.of(this.all)) : records.isEmpty();
			}
			if (records.size() > 1 || (records.isEmpty() && this.onTime >= threshold)) {
				return false;
			}
			return records.stream().allMatch((count) -> count >= Math.max(threshold, this.onTime) && count <= this.all);
		}

		String wanted(int threshold) {
			if (certain()) {
				return (this.closed && this.all >= threshold) ? "one with " + this.all : "none";
			}
			String range = "one with " + Math.max(threshold, this.onTime) + " to " + this.all;
			return (this.onTime >= threshold) ? range : "none or " + range;
		}

	}

	/**
	 * The recount: each user's window with its orders, those read on time and all of them. Whether Kafka Streams
	 * dropped an order later than the grace depends on the stream time it knew, which it keeps in memory.
	 */
	record Recount(Map<String, WindowCount> windows) {

		/** The windows that got orders later than the grace. */
		Set<String> uncertain() {
			return this.windows.entrySet()
				.stream()
				.filter((entry) -> !entry.getValue().certain())
				.map(Map.Entry::getKey)
				.collect(Collectors.toCollection(java.util.TreeSet::new));
		}

	}

	/**
	 * The windows the topology saw: per partition, in offset order, the orders' PostgreSQL timestamps counted per user
	 * in tumbling windows; a window closes (and is emitted when its count reaches the threshold) once the partition's
	 * stream time reaches its end plus the grace; an order of a window after that is late.
	 */
	Recount recountSuspicious(Windows windows) {
		long size = windows.size().toMillis();
		long grace = windows.grace().toMillis();
		Map<Integer, List<PgOrder>> byPartition = new TreeMap<>();
		Set<String> first = new HashSet<>();
		seen.ticketOrder()
			.stream()
			.filter((e) -> isOrder(e) && e.eventId() != null && first.add(e.eventId()))
			.forEach((e) -> {
				PgOrder order = orders.get(Long.parseLong(e.orderId()));
				if (order != null) {
					byPartition.computeIfAbsent(e.partition(), (p) -> new ArrayList<>()).add(order);
				}
			});
		Map<String, WindowCount> counted = new TreeMap<>();
		byPartition.values().forEach((partitionOrders) -> {
			long streamTime = Long.MIN_VALUE;
			Map<String, int[]> counts = new LinkedHashMap<>();
			Map<String, Long> ends = new HashMap<>();
			for (PgOrder order : partitionOrders) {
				streamTime = Math.max(streamTime, order.createdAtMs());
				long start = order.createdAtMs() - Math.floorMod(order.createdAtMs(), size);
				String window = window(Long.toString(order.userId()), start);
				int[] count = counts.computeIfAbsent(window, (w) -> new int[2]);
				if (start + size + grace > streamTime) {
					count[0]++;
				}
				count[1]++;
				ends.put(window, start + size);
			}
			long end = streamTime;
			counts.forEach((window, count) -> counted.put(window,
					new WindowCount(count[0], count[1], ends.get(window) + grace <= end)));
		});
		return new Recount(counted);
	}

	private static String window(String user, long start) {
		return "user " + user + ", window from " + java.time.Instant.ofEpochMilli(start);
	}

	/** 6. No transaction is left open: the last stable offset is the log end offset on every partition. */
	Result noOpenTransaction() {
		List<String> differences = seen.open()
			.stream()
			.map((o) -> o.topicPartition() + ": last stable offset " + o.lastStableOffset() + " < log end offset "
					+ o.logEndOffset())
			.toList();
		return result(6, "no transaction left open (LSO = LEO everywhere)", differences,
				differences.isEmpty() ? "every partition" : differences.size() + " partitions with an open transaction",
				0, 0);
	}

	/** 7. Every poison record written on purpose is in the dead-letter topic, from every consumer group. */
	Result deadLetters() {
		List<String> differences = new ArrayList<>();
		long copies = 0;
		long losses = 0;
		for (Poison poison : poisons) {
			Set<String> groups = new HashSet<>();
			for (Observations.DeadLetter letter : seen.deadLetters()) {
				if (isCopyOf(letter, poison.token())) {
					groups.add(letter.group());
					copies++;
				}
			}
			for (String group : DEAD_LETTER_GROUPS) {
				if (!groups.contains(group)) {
					losses++;
					differences.add("poison " + poison.token() + " (" + poison.reason() + ") is not in the DLT from "
							+ group);
				}
			}
		}
		for (Observations.DeadLetter letter : seen.deadLetters()) {
			if (poisons.stream().noneMatch((poison) -> isCopyOf(letter, poison.token()))) {
				Long order = letter.eventId() == null ? null : seen.orderOfEvent().get(letter.eventId());
				differences.add("the DLT holds a record from " + letter.group() + " that is no poison record"
						+ (order != null ? ": order " + order : ": " + abbreviate(letter.value())));
			}
		}
		return result(7, "poison records all in the DLT, progress went on", differences,
				poisons.size() + " poison records, " + copies + " dead-letter copies ("
						+ String.join(", ", DEAD_LETTER_GROUPS) + ")",
				0, losses);
	}

	private record Count(String summary, long duplicates, long losses) {
	}

	/** Counts each PostgreSQL order's events by event id: exactly one expected; anything else named. */
	private Count count(Collection<Event> events, List<String> differences, String where) {
		Map<String, Integer> byEventId = new HashMap<>();
		Map<Long, Set<String>> eventIdsOfOrder = new HashMap<>();
		for (Event event : events) {
			if (event.eventId() == null) {
				differences.add(where + " has a record without event_id: order " + event.orderId());
				continue;
			}
			byEventId.merge(event.eventId(), 1, Integer::sum);
			Long order = seen.orderOfEvent().get(event.eventId());
			if (order == null || !orders.containsKey(order)) {
				differences.add(where + " has event " + event.eventId() + " of order " + event.orderId()
						+ describe(event.orderId()) + ", which PostgreSQL does not hold");
			}
			else {
				eventIdsOfOrder.computeIfAbsent(order, (o) -> new HashSet<>()).add(event.eventId());
				if (!Objects.equals(event.orderId(), Long.toString(order))) {
					differences.add(where + ": event " + event.eventId() + " carries order " + event.orderId()
							+ " but the outbox wrote it for order " + order);
				}
			}
		}
		long duplicates = 0;
		long losses = 0;
		for (PgOrder order : orders.values()) {
			Set<String> ids = eventIdsOfOrder.getOrDefault(order.id(), Set.of());
			int copies = ids.stream().mapToInt(byEventId::get).sum();
			if (copies == 0) {
				losses++;
				differences.add("order " + order.id() + " (user " + order.userId() + ") is missing from " + where);
			}
			else if (copies > 1) {
				duplicates += copies - 1;
				differences.add("order " + order.id() + " is in " + where + " " + copies + " times");
			}
		}
		return new Count(events.size() + " records for " + orders.size() + " orders", duplicates, losses);
	}

	/** A dead letter is a copy of a poison record when it carries its event_id, or its token as a JSON string. */
	private static boolean isCopyOf(Observations.DeadLetter letter, String token) {
		return token.equals(letter.eventId()) || letter.value().contains("\"" + token + "\"");
	}

	private static String abbreviate(String value) {
		return value.length() <= 80 ? value : value.substring(0, 80) + "...";
	}

	private boolean isPoison(Event event) {
		return event.eventId() != null && poisonTokens.contains(event.eventId());
	}

	private static boolean isOrder(Event event) {
		return event.orderId() != null && event.orderId().matches("\\d{1,18}");
	}

	private String describe(String orderId) {
		return phantomIds.contains(orderId) ? " (written in a transaction that was aborted)" : "";
	}

	private static Result result(int number, String name, List<String> differences, String summary, long duplicates,
			long losses) {
		return new Result(number, name, differences.isEmpty(), summary, List.copyOf(differences), duplicates, losses);
	}

}
