package ticketing.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import ticketing.contract.EventHeaders;
import ticketing.contract.TicketOrderJson;
import ticketing.contract.TicketOrderPlaced;
import ticketing.contract.Topics;

/**
 * Carries out a {@link FaultPlan} against the running system while the clients place orders. Faults on the same part
 * (the order-service instances, the brokers, notification-service and Redis, analytics-service and S3) take turns;
 * faults on different parts may overlap, as they would in production.
 */
final class FaultInjector {

	/**
	 * A fault as it happened: when it was planned and when it struck (once the fault before it on the same part was
	 * over), both from the start of the load; what exactly it did, and whether it could be done. For a kill or pause
	 * of the relay, {@code relayMidTransaction} says whether the relay was stopped with its Kafka transaction open
	 * (null for the other faults, and when no relay was running).
	 */
	record Injected(FaultKind kind, Duration plannedAt, Duration startedAt, Duration took, String detail,
			boolean failed, @Nullable Boolean relayMidTransaction) {
	}

	/** What a fault did, in words, and for a fault that stopped the relay, whether it caught a transaction open. */
	private record Outcome(String detail, @Nullable Boolean relayMidTransaction) {

		static Outcome of(String detail) {
			return new Outcome(detail, null);
		}

	}

	/** The lake writer's consumer group. */
	private static final String LAKE_GROUP = "analytics-lake";

	/** How long a fault on the relay waits for the relay's transaction to be open before it strikes anyway. */
	private static final Duration MID_TRANSACTION_PATIENCE = Duration.ofSeconds(20);

	/** How long a kill of order-service waits for an instance to hold the relay lease before it kills an idle one. */
	private static final Duration RELAY_HOLDER_PATIENCE = Duration.ofSeconds(15);

	/** An aborted write's event: it must be nowhere. */
	record Phantom(String orderId, String userId) {
	}

	/** A poison record's token, found in its value and event_id header, and in every dead-letter copy of it. */
	record Poison(String token, String reason) {
	}

	private final RunningSystem system;

	private final SuiteOptions options;

	private final OrderClients clients;

	private final Set<Long> corruptedUsers = ConcurrentHashMap.newKeySet();

	private final AtomicInteger corruptions = new AtomicInteger();

	private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());

	private final List<Phantom> phantoms = Collections.synchronizedList(new ArrayList<>());

	private final List<Poison> poisons = Collections.synchronizedList(new ArrayList<>());

	private final Object orderServices = new Object();

	private final Object brokers = new Object();

	private final Object notification = new Object();

	private final Object analytics = new Object();

	private final Random random;

	FaultInjector(RunningSystem system, SuiteOptions options, OrderClients clients) {
		this.system = system;
		this.options = options;
		this.clients = clients;
		this.random = new Random(options.seed() ^ 0x5DEECE66DL);
	}

	/** Runs the plan from {@code loadStart}; returns when every fault is over and every process is up again. */
	void run(FaultPlan plan, Instant loadStart) throws InterruptedException {
		ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, plan.faults().size()));
		List<Future<?>> running = new ArrayList<>();
		for (FaultPlan.Planned fault : plan.faults()) {
			running.add(executor.submit(() -> {
				Duration wait = Duration.between(Instant.now(), loadStart.plus(fault.at()));
				if (!wait.isNegative()) {
					Thread.sleep(wait.toMillis());
				}
				inject(fault, loadStart);
				return null;
			}));
		}
		try {
			for (Future<?> future : running) {
				try {
					future.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					RunningSystem.log("a fault could not be carried out: " + ex.getCause());
				}
			}
		}
		finally {
			// Interrupted (the run was stopped): no fault may start or restart anything any more.
			executor.shutdownNow();
			executor.awaitTermination(1, TimeUnit.MINUTES);
		}
	}

	private void inject(FaultPlan.Planned fault, Instant loadStart) {
		// A fault waits for the one before it on the same part to be over (its restart included).
		synchronized (partOf(fault.kind())) {
			Instant started = Instant.now();
			Outcome outcome;
			boolean failed = false;
			try {
				outcome = switch (fault.kind()) {
					case KILL_ORDER_SERVICE -> killOrderService(fault.length());
					case PAUSE_RELAY -> pauseRelay();
					case KILL_LEADING_BROKER -> Outcome.of(killLeadingBroker(fault.length()));
					case KILL_NOTIFICATION_SERVICE ->
						Outcome.of(killAndRestart(RunningSystem.NOTIFICATION, fault.length()));
					case KILL_ANALYTICS_SERVICE -> Outcome.of(killAndRestart(RunningSystem.ANALYTICS, fault.length()));
					case PAUSE_ANALYTICS_SERVICE -> Outcome.of(pauseAnalytics());
					case RESTART_REDIS_EMPTY -> Outcome.of(restartRedisEmpty());
					case S3_OUTAGE -> Outcome.of(outage(system.s3Proxy(), "S3", fault.length()));
					case POSTGRES_OUTAGE -> Outcome.of(outage(system.postgresProxy(), "PostgreSQL", fault.length()));
					case POISON_RECORDS -> Outcome.of(writePoison());
					case ABORTED_WRITE -> Outcome.of(writeAndAbort());
					case CORRUPT_REDIS_VALUE -> Outcome.of(corruptRedisValue());
				};
			}
			catch (Exception ex) {
				outcome = Outcome.of("could not be done: " + ex);
				failed = true;
			}
			Injected done = new Injected(fault.kind(), fault.at(), Duration.between(loadStart, started),
					Duration.between(started, Instant.now()), outcome.detail(), failed, outcome.relayMidTransaction());
			injected.add(done);
			RunningSystem.log(String.format("fault %-26s planned at %5.1f s, struck at %5.1f s, took %4.1f s: %s",
					fault.kind(), fault.at().toMillis() / 1000.0, done.startedAt().toMillis() / 1000.0,
					done.took().toMillis() / 1000.0, outcome.detail()));
		}
	}

	/** The part of the system a fault hits; faults on one part take turns. */
	private Object partOf(FaultKind kind) {
		return switch (kind) {
			case KILL_ORDER_SERVICE, PAUSE_RELAY, POSTGRES_OUTAGE -> orderServices;
			case KILL_LEADING_BROKER -> brokers;
			case KILL_NOTIFICATION_SERVICE, RESTART_REDIS_EMPTY, CORRUPT_REDIS_VALUE -> notification;
			case KILL_ANALYTICS_SERVICE, PAUSE_ANALYTICS_SERVICE, S3_OUTAGE -> analytics;
			// Records written into ticket-order: no part to wait for.
			case POISON_RECORDS, ABORTED_WRITE -> new Object();
		};
	}

	private Outcome killOrderService(Duration down) throws Exception {
		// The relay is the point of this fault: a moment without a lease holder (its renewal held up by a PostgreSQL
		// outage, say) is waited out, and only a relay that stays away leaves the kill to an idle instance
		Optional<String> holder = relayHolderWithin(RELAY_HOLDER_PATIENCE);
		if (holder.isEmpty()) {
			String idle = RunningSystem.ORDER_SERVICES.get(0);
			killAndRestart(idle, down);
			return Outcome.of("killed " + idle + " (no relay was running), down " + seconds(down));
		}
		Frozen frozen = freezeMidTransaction(holder.get());
		system.kill(frozen.instance());
		Thread.sleep(down.toMillis());
		system.restart(frozen.instance());
		return new Outcome("killed " + frozen.instance() + " running the relay, " + describe(frozen.transaction())
				+ ", down " + seconds(down), isOpen(frozen.transaction()));
	}

	/**
	 * The zombie case: the relay freezes with its transaction open, the other instance takes the lease over and its
	 * {@code initTransactions} bumps the producer epoch, which aborts the open transaction and fences the zombie: once
	 * resumed, its next commit is refused.
	 */
	private Outcome pauseRelay() throws Exception {
		Frozen frozen = freezeMidTransaction(awaitRelayHolder(null));
		String zombie = frozen.instance();
		Instant paused = Instant.now();
		try {
			String successor = awaitRelayHolder(zombie);
			Duration takeover = Duration.between(paused, Instant.now());
			String fencing = awaitFenced(frozen.transaction());
			return new Outcome("paused " + zombie + " running the relay, " + describe(frozen.transaction()) + "; "
					+ successor + " took the relay over after " + seconds(takeover) + "; " + fencing + "; " + zombie
					+ " resumed", isOpen(frozen.transaction()));
		}
		finally {
			system.resume(zombie);
		}
	}

	/**
	 * Freezes analytics-service (SIGSTOP) past its session timeout: the second instance takes the lake's partitions
	 * over and writes on from the last commit, what the frozen one holds in memory included. Then the frozen one
	 * resumes where it stopped, its batches unaware of that: its uploads must not put a second copy into the lake.
	 */
	private String pauseAnalytics() throws Exception {
		try (KafkaOffsets kafka = new KafkaOffsets(system.kafkaClient())) {
			Map<TopicPartition, Long> before = kafka.committed(LAKE_GROUP);
			system.pause(RunningSystem.ANALYTICS);
			Instant paused = Instant.now();
			try {
				Instant deadline = paused.plus(RunningSystem.ANALYTICS_SESSION_TIMEOUT.multipliedBy(6));
				boolean takenOver = false;
				while (!takenOver && Instant.now().isBefore(deadline)) {
					Thread.sleep(500);
					takenOver = kafka.onlyMemberOwnsAll(LAKE_GROUP, Topics.TICKET_ORDER);
				}
				Duration takeover = Duration.between(paused, Instant.now());
				// Let the other instance write what the frozen one may hold, as long as orders come in.
				Instant writeDeadline = Instant.now().plus(RunningSystem.ANALYTICS_SESSION_TIMEOUT);
				boolean wrote = false;
				while (takenOver && !wrote && Instant.now().isBefore(writeDeadline)) {
					Thread.sleep(500);
					Map<TopicPartition, Long> now = kafka.committed(LAKE_GROUP);
					wrote = now.entrySet().stream().anyMatch((e) -> e.getValue() > before.getOrDefault(e.getKey(), 0L));
				}
				return "paused " + RunningSystem.ANALYTICS + " for " + seconds(Duration.between(paused, Instant.now()))
						+ "; " + (takenOver ? RunningSystem.ANALYTICS_B + " held every lake partition after "
								+ seconds(takeover) + (wrote ? " and wrote past the frozen one's last commit"
										: ", with nothing new to write")
								: "the lake's partitions did not move (the group kept the frozen member)")
						+ "; " + RunningSystem.ANALYTICS + " resumed";
			}
			finally {
				system.resume(RunningSystem.ANALYTICS);
			}
		}
	}

	/** The order-service instance a relay fault froze, and the relay's transaction as the coordinator saw it then. */
	private record Frozen(String instance, @Nullable TransactionDescription transaction) {
	}

	/**
	 * Freezes the relay's JVM (SIGSTOP) at a moment its Kafka transaction is open: freeze, ask the transaction
	 * coordinator, and if the relay is between transactions, let it run a moment and look again. After
	 * {@link #MID_TRANSACTION_PATIENCE} (no orders coming in, say) it stays frozen wherever it is. The freezes can
	 * starve the instance's lease renewals: when another instance holds the lease at a freeze, the transaction seen is
	 * that one's, so the frozen one goes on and the new holder is the one to catch.
	 */
	private Frozen freezeMidTransaction(String holder) throws Exception {
		Instant deadline = Instant.now().plus(MID_TRANSACTION_PATIENCE);
		String relay = holder;
		try (KafkaOffsets kafka = new KafkaOffsets(system.kafkaClient())) {
			while (true) {
				system.pause(relay);
				boolean strike = false;
				Optional<String> holding = Optional.of(relay);
				try {
					@Nullable TransactionDescription seen = stillOpen(kafka);
					holding = relayHolder();
					boolean late = !Instant.now().isBefore(deadline);
					strike = holding.equals(Optional.of(relay)) ? isOpen(seen) || late
							: late && holding.isEmpty();
					if (strike) {
						return new Frozen(relay, seen);
					}
				}
				finally {
					if (!strike) {
						system.resume(relay);
					}
				}
				if (holding.isPresent()) {
					relay = holding.get();
				}
				Thread.sleep(50);
			}
		}
	}

	/**
	 * The relay's transaction as the coordinator sees it. When it is open, asked again a moment later: a request to
	 * end it may have left the frozen relay just before the freeze; a transaction still open after that stays open.
	 */
	private static @Nullable TransactionDescription stillOpen(KafkaOffsets kafka) throws InterruptedException {
		try {
			Optional<TransactionDescription> first = kafka.transaction(RunningSystem.RELAY_TRANSACTIONAL_ID);
			if (first.isEmpty() || first.get().state() != TransactionState.ONGOING) {
				return first.orElse(null);
			}
			Thread.sleep(200);
			return kafka.transaction(RunningSystem.RELAY_TRANSACTIONAL_ID).orElse(null);
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			// The coordinator is moving (a broker fault at the same time): the relay is looked at again.
			return null;
		}
	}

	/** Waits until the relay's producer epoch has moved past the frozen zombie's: from then on the zombie is fenced. */
	private String awaitFenced(@Nullable TransactionDescription zombie) throws Exception {
		if (zombie == null) {
			// Nothing to compare with: initTransactions follows the lease takeover within moments.
			Thread.sleep(3000);
			return "its producer epoch unknown, resumed 3 s later";
		}
		Instant start = Instant.now();
		Instant deadline = start.plus(Duration.ofSeconds(90));
		try (KafkaOffsets kafka = new KafkaOffsets(system.kafkaClient())) {
			while (Instant.now().isBefore(deadline)) {
				Optional<TransactionDescription> now = kafka.transaction(RunningSystem.RELAY_TRANSACTIONAL_ID);
				if (now.isPresent() && (now.get().producerId() != zombie.producerId()
						|| now.get().producerEpoch() > zombie.producerEpoch())) {
					return "the zombie's producer (epoch " + zombie.producerEpoch() + ") fenced after "
							+ seconds(Duration.between(start, Instant.now())) + " (epoch " + now.get().producerEpoch()
							+ ")";
				}
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("the relay's producer epoch stayed at " + zombie.producerEpoch()
				+ " for 90 s after another instance took the relay over: the zombie was not fenced");
	}

	private static boolean isOpen(@Nullable TransactionDescription transaction) {
		return transaction != null && transaction.state() == TransactionState.ONGOING;
	}

	private static String describe(@Nullable TransactionDescription transaction) {
		if (transaction == null) {
			return "its transaction state unknown";
		}
		if (isOpen(transaction)) {
			return "its transaction open on " + transaction.topicPartitions().size() + " partitions";
		}
		return "between transactions (" + transaction.state() + ")";
	}

	private String killLeadingBroker(Duration down) throws Exception {
		Map<Integer, Long> leading;
		try (KafkaOffsets kafka = new KafkaOffsets(system.kafkaClient())) {
			leading = kafka.describe(List.of(Topics.TICKET_ORDER))
				.get(Topics.TICKET_ORDER)
				.partitions()
				.stream()
				.map(TopicPartitionInfo::leader)
				.filter(java.util.Objects::nonNull)
				.collect(Collectors.groupingBy((node) -> node.id(), Collectors.counting()));
		}
		int victim = leading.entrySet()
			.stream()
			.max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.orElse(system.kafka().brokerIds().get(0));
		system.kafka().killBroker(victim);
		Thread.sleep(down.toMillis());
		system.kafka().restartBroker(victim);
		return "killed broker " + victim + " (leader of " + leading.getOrDefault(victim, 0L) + " of "
				+ leading.values().stream().mapToLong(Long::longValue).sum() + " partitions), down " + seconds(down);
	}

	private String killAndRestart(String instance, Duration down) throws Exception {
		system.kill(instance);
		Thread.sleep(down.toMillis());
		system.restart(instance);
		return "killed " + instance + ", down " + seconds(down);
	}

	private String restartRedisEmpty() throws Exception {
		system.restartRedisEmpty();
		return "Redis restarted empty; " + RunningSystem.NOTIFICATION + " left to notice by itself";
	}

	private String outage(ticketing.testsupport.net.TcpProxy proxy, String what, Duration length)
			throws InterruptedException {
		proxy.cut();
		try {
			Thread.sleep(length.toMillis());
		}
		finally {
			proxy.open();
		}
		return what + " unreachable for " + seconds(length);
	}

	private String writePoison() throws Exception {
		String notJson = "poison-" + options.seed() + "-" + poisons.size();
		String futureVersion = "poison-" + options.seed() + "-" + (poisons.size() + 1);
		String tombstone = "poison-" + options.seed() + "-" + (poisons.size() + 2);
		try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
			String user = Integer.toString(1 + random.nextInt(options.users()));
			producer.send(new ProducerRecord<>(Topics.TICKET_ORDER, null, user,
					("{\"order_id\":\"" + notJson + "\", this is not JSON").getBytes(StandardCharsets.UTF_8),
					EventHeaders.forTicketOrderPlaced(notJson, traceparent())))
				.get(60, TimeUnit.SECONDS);
			RecordHeaders headers = new RecordHeaders();
			EventHeaders.forTicketOrderPlaced(futureVersion, traceparent()).forEach((header) -> {
				if (!header.key().equals(EventHeaders.SCHEMA_VERSION)) {
					headers.add(header);
				}
			});
			headers.add(EventHeaders.SCHEMA_VERSION, "99".getBytes(StandardCharsets.UTF_8));
			producer.send(new ProducerRecord<>(Topics.TICKET_ORDER, null, user,
					TicketOrderJson.write(event(futureVersion, user, Instant.now())), headers))
				.get(60, TimeUnit.SECONDS);
			// A null value, as `kcat -P -Z` writes an empty one: the Kafka client hands it over without deserializing
			producer.send(new ProducerRecord<>(Topics.TICKET_ORDER, null, user, null,
					EventHeaders.forTicketOrderPlaced(tombstone, traceparent())))
				.get(60, TimeUnit.SECONDS);
		}
		poisons.add(new Poison(notJson, "not JSON"));
		poisons.add(new Poison(futureVersion, "schema_version 99"));
		poisons.add(new Poison(tombstone, "null value"));
		return "3 poison records (" + notJson + ": not JSON; " + futureVersion + ": schema_version 99; " + tombstone
				+ ": null value)";
	}

	/**
	 * Overwrites a user's latest purchase with a value that is no purchase (a string, or a hash whose fields cannot be
	 * read), as a person with redis-cli might, then places an order of that user: notification-service must repair the
	 * value with it, not stop the partition. The user's {@code updates} counter starts again at the repair.
	 */
	private String corruptRedisValue() {
		long user = 1 + random.nextInt(options.users());
		String key = "notification:user:" + user + ":last-purchase";
		boolean string = random.nextBoolean();
		corruptedUsers.add(user);
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + system.redisPort());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().del(key);
			if (string) {
				connection.sync().set(key, "overwritten by the fault-injection suite");
			}
			else {
				connection.sync().hset(key, Map.of("event_time_ms", "yesterday", "order_id", "?", "offset", "-"));
			}
		}
		// One key per fault, never per user: a user corrupted twice gets two orders
		String idempotencyKey = "faults-" + options.seed() + "-corrupt-" + corruptions.incrementAndGet() + "-" + user;
		String placed = clients.placeOne(idempotencyKey, user, 1 + random.nextInt(6))
			.map((ack) -> "order " + ack.orderId() + " placed for the user")
			.orElse("the order for the user could not be placed");
		return "user " + user + "'s Redis value overwritten with " + (string ? "a string" : "a hash it cannot read")
				+ "; " + placed;
	}

	/** The users whose Redis value was overwritten: their {@code updates} counter started again. */
	Set<Long> corruptedUsers() {
		return Set.copyOf(corruptedUsers);
	}

	private String writeAndAbort() throws Exception {
		List<Phantom> written = new ArrayList<>();
		String transactionalId = "fault-injection-aborted-" + options.seed() + "-" + UUID.randomUUID();
		try (KafkaProducer<String, byte[]> producer = producer(
				Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
			producer.initTransactions();
			producer.beginTransaction();
			for (int i = 0; i < 3; i++) {
				// Ids PostgreSQL never gives, and a time an hour ahead: a consumer that saw the event would keep it
				// as the user's latest purchase for good.
				String orderId = Long.toString(9_000_000_000L + phantoms.size() + written.size());
				String user = Integer.toString(1 + random.nextInt(options.users()));
				producer.send(new ProducerRecord<>(Topics.TICKET_ORDER, null, user,
						TicketOrderJson.write(event(orderId, user, Instant.now().plus(Duration.ofHours(1)))),
						EventHeaders.forTicketOrderPlaced(UUID.randomUUID().toString(), traceparent())));
				written.add(new Phantom(orderId, user));
			}
			producer.flush();
			producer.abortTransaction();
		}
		phantoms.addAll(written);
		return "3 order events written and aborted (orders "
				+ written.stream().map(Phantom::orderId).collect(Collectors.joining(", ")) + ")";
	}

	private KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
		Map<String, Object> props = new java.util.HashMap<>(Map.of(ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
		system.kafkaClient().forEach((key, value) -> props.put((String) key, value));
		props.putAll(extra);
		return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
	}

	private static TicketOrderPlaced event(String orderId, String userId, Instant createdAt) {
		return new TicketOrderPlaced(orderId, userId, "user-" + userId, "1", "Seoul Jazz Night", TicketOrderPlaced.LIVE,
				createdAt);
	}

	private static String traceparent() {
		String hex = UUID.randomUUID().toString().replace("-", "");
		return "00-" + hex + "-" + hex.substring(0, 16) + "-01";
	}

	/** The instance holding an unexpired relay lease, if any. */
	Optional<String> relayHolder() throws Exception {
		try (Connection connection = system.database(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT owner FROM relay_lease WHERE expires_at > clock_timestamp() ORDER BY expires_at DESC")) {
			return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
		}
	}

	/** The instance that holds the relay lease, waiting for one for at most {@code patience}. */
	private Optional<String> relayHolderWithin(Duration patience) throws Exception {
		Instant deadline = Instant.now().plus(patience);
		Optional<String> holder = relayHolder();
		while (holder.isEmpty() && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			holder = relayHolder();
		}
		return holder;
	}

	/** Waits until an instance other than {@code notThis} holds the relay lease, and returns it. */
	private String awaitRelayHolder(String notThis) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			Optional<String> holder = relayHolder();
			if (holder.isPresent() && !holder.get().equals(notThis)) {
				return holder.get();
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("no order-service instance took the relay lease within 90 s"
				+ (notThis != null ? " after " + notThis + " was paused" : ""));
	}

	private static String seconds(Duration duration) {
		return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	List<Injected> injected() {
		List<Injected> copy = new ArrayList<>(injected);
		copy.sort(Comparator.comparing(Injected::startedAt));
		return copy;
	}

	Map<FaultKind, Long> countsByKind() {
		return injected().stream()
			.filter((fault) -> !fault.failed())
			.collect(Collectors.groupingBy(Injected::kind, () -> new java.util.EnumMap<>(FaultKind.class),
					Collectors.counting()));
	}

	List<Phantom> phantoms() {
		return List.copyOf(phantoms);
	}

	List<Poison> poisons() {
		return List.copyOf(poisons);
	}


}
