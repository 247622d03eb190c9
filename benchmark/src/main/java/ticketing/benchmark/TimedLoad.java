package ticketing.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.HdrHistogram.Histogram;

/**
 * Orders placed for a fixed time by many distinct users (the {@link RushCatalogue}'s), either as fast as the API
 * answers ({@link #closedLoop}: a ticket rush) or at a fixed rate ({@link #openLoop}: arrivals that do not wait for
 * the system). For each order it measures the time from its commit (its 201 answer arrived: the commit is a moment
 * earlier, so this is the smaller of the two) until the event was visible to the benchmark's read_committed consumer.
 */
final class TimedLoad {

	/** How long the events of a load may take to become visible before the ones missing count as not seen. */
	private static final Duration VISIBLE_DEADLINE = Duration.ofSeconds(60);

	private final LoadGenerator load;

	private final OrderEvents events;

	private final Probes probes;

	TimedLoad(LoadGenerator load, OrderEvents events, Probes probes) {
		this.load = load;
		this.events = events;
		this.probes = probes;
	}

	/**
	 * @param name             what the load was
	 * @param targetPerSecond  the open loop's rate; NaN for a closed loop
	 * @param ok               orders answered 201
	 * @param errors           orders not answered 201
	 * @param seconds          from the first request to the last answer
	 * @param api              the API's latency; in an open loop from the moment the request was due, so that a
	 *                         request held up behind slow ones counts the wait
	 * @param commitToVisible  from an order's 201 answer to its event visible to a read_committed consumer
	 * @param notVisible       orders answered 201 whose event was not seen within a minute
	 * @param lastVisibleAfterEndMs from the load's last answer to the last of its events visible
	 * @param relayDelayMs     the mean of order-service's {@code ticketing.relay.delay} meanwhile: from each order's
	 *                         time to its Kafka transaction committed, the relay's share of commit to visible
	 * @param redisAfterKafkaMs from the last of the load's events visible in Kafka until Redis held every user's
	 *                         latest order (NaN when not measured, or never)
	 * @param lakeAfterKafkaMs from the last of the load's events visible in Kafka until the lake held all of them
	 *                         (NaN when not measured, or never)
	 */
	record Result(String name, double targetPerSecond, long ok, long errors, double seconds, LatencyStats api,
			LatencyStats commitToVisible, long notVisible, double lastVisibleAfterEndMs, double relayDelayMs,
			double redisAfterKafkaMs, double lakeAfterKafkaMs) {

		double ordersPerSecond() {
			return ok / seconds;
		}

		String json() {
			return String.format(Locale.ROOT,
					"{\"name\":\"%s\",\"target_orders_per_s\":%s,\"orders\":%d,\"errors\":%d,\"seconds\":%s,"
							+ "\"orders_per_s\":%s,\"api_latency\":%s,\"commit_to_visible\":%s,\"not_visible\":%d,"
							+ "\"last_visible_after_end_ms\":%s,\"relay_delay_mean_ms\":%s,"
							+ "\"redis_after_kafka_ms\":%s,\"lake_after_kafka_ms\":%s}",
					name, Json.number(targetPerSecond), ok, errors, Json.number(seconds), Json.number(ordersPerSecond()),
					api.json(), commitToVisible.json(), notVisible, Json.number(lastVisibleAfterEndMs),
					Json.number(relayDelayMs), Json.number(redisAfterKafkaMs), Json.number(lakeAfterKafkaMs));
		}

	}

	/**
	 * Orders placed as fast as the API answers by {@code concurrency} clients, for {@code duration}; then how long
	 * Redis and the lake take to hold all of them after the last one reached Kafka.
	 */
	Result closedLoop(String name, int concurrency, Duration duration) throws InterruptedException {
		return run(name, Double.NaN, concurrency, duration, true);
	}

	/**
	 * Orders due at a fixed rate for {@code duration}, sent by up to {@code maxInFlight} clients: when all of them
	 * wait for answers, the next orders are late, and their latency counts from when they were due.
	 */
	Result openLoop(String name, double perSecond, int maxInFlight, Duration duration) throws InterruptedException {
		return run(name, perSecond, maxInFlight, duration, false);
	}

	private Result run(String name, double perSecond, int clients, Duration duration, boolean settle)
			throws InterruptedException {
		long lakeBase = settle ? stableLakeRecords() : -1;
		boolean paced = !Double.isNaN(perSecond);
		double intervalNanos = paced ? 1e9 / perSecond : 0;
		Histogram api = LatencyStats.newHistogram();
		List<long[]> placed = new ArrayList<>(); // {order id, nanoTime of its answer, user id}
		AtomicLong tickets = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		double[] delayBefore = probes.orderServiceTimer("ticketing.relay.delay");
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(() -> {
				Histogram own = LatencyStats.newHistogram();
				List<long[]> ownPlaced = new ArrayList<>();
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (true) {
					long due = paced ? start + (long) (tickets.getAndIncrement() * intervalNanos) : System.nanoTime();
					if (due >= end) {
						break;
					}
					while (paced && System.nanoTime() < due) {
						LockSupport.parkNanos(due - System.nanoTime());
					}
					long user = RushCatalogue.randomUser(random);
					long id = load.placeOrder(user, RushCatalogue.randomContent(random));
					long answered = System.nanoTime();
					own.recordValue((answered - due) / 1000);
					if (id > 0) {
						ownPlaced.add(new long[] { id, answered, user });
					}
					else {
						errors.incrementAndGet();
					}
				}
				load.endClient();
				synchronized (placed) {
					api.add(own);
					placed.addAll(ownPlaced);
				}
			}, "timed-load-" + i);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long lastAnswer = placed.stream().mapToLong((p) -> p[1]).max().orElse(System.nanoTime());
		double seconds = (lastAnswer - start) / 1e9;
		long deadline = System.nanoTime() + VISIBLE_DEADLINE.toNanos();
		while (System.nanoTime() < deadline && placed.stream().anyMatch((p) -> events.visibleAt(p[0]) == null)) {
			Thread.sleep(50);
		}
		Histogram commitToVisible = LatencyStats.newHistogram();
		long notVisible = 0;
		long lastVisible = Long.MIN_VALUE;
		for (long[] order : placed) {
			Long visible = events.visibleAt(order[0]);
			if (visible == null) {
				notVisible++;
				continue;
			}
			// The consumer can see an event a moment before its order's answer is read: that counts as 0
			commitToVisible.recordValue(Math.max(0, visible - order[1]) / 1000);
			lastVisible = Math.max(lastVisible, visible);
		}
		double lastAfterEnd = (lastVisible == Long.MIN_VALUE) ? Double.NaN
				: Math.max(0, lastVisible - lastAnswer) / 1e6;
		double[] delayAfter = probes.orderServiceTimer("ticketing.relay.delay");
		double delayed = delayAfter[0] - delayBefore[0];
		double relayDelayMs = delayed > 0 ? (delayAfter[1] - delayBefore[1]) * 1000 / delayed : Double.NaN;
		double redisAfterKafkaMs = Double.NaN;
		double lakeAfterKafkaMs = Double.NaN;
		if (settle && notVisible == 0 && !placed.isEmpty()) {
			// Orders of one user are placed one after the other (the user's row lock): the highest id is the latest.
			Map<Long, Long> latest = new HashMap<>();
			placed.forEach((order) -> latest.merge(order[2], order[0], Math::max));
			long lastInKafka = lastVisible;
			redisAfterKafkaMs = msAfter(lastInKafka, () -> probes.latestOrdersInRedis(latest));
			lakeAfterKafkaMs = msAfter(lastInKafka, () -> probes.lakeRecords() >= lakeBase + placed.size());
		}
		return new Result(name, perSecond, placed.size(), errors.get(), seconds, LatencyStats.of(api),
				LatencyStats.of(commitToVisible), notVisible, lastAfterEnd, relayDelayMs, redisAfterKafkaMs,
				lakeAfterKafkaMs);
	}

	/** Milliseconds from {@code since} (nanoTime) until the condition held, checked every 50 ms; NaN if not in time. */
	private static double msAfter(long since, BooleanSupplier condition) throws InterruptedException {
		long held = Throughput.awaitNanoTime(condition, VISIBLE_DEADLINE, 50);
		return (held < 0) ? Double.NaN : Math.max(0, held - since) / 1e6;
	}

	/**
	 * The lake's record count once it has stopped growing for a second: what earlier loads leave open is written by
	 * then (a quiet poll writes it), so that it does not count as the rush's.
	 */
	private long stableLakeRecords() throws InterruptedException {
		long last = probes.lakeRecords();
		for (int i = 0; i < 60; i++) {
			Thread.sleep(1000);
			long now = probes.lakeRecords();
			if (now == last) {
				return now;
			}
			last = now;
		}
		return last;
	}

}
