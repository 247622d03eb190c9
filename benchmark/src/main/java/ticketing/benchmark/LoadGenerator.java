package ticketing.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Closed-loop load on POST /orders: {@code concurrency} threads, each sends an order (a random user and content of the
 * {@link RushCatalogue}), waits for the answer and sends the next, until {@code orders} orders were sent or the time bound passed. Latency is from just before the request
 * to the end of the response body, per request (a closed loop does not see queueing before a request is sent). Each
 * order carries its user's bearer token, signed before the load ({@link BearerTokens#signAhead}).
 */
final class LoadGenerator {

	private final OrderClient orders;

	LoadGenerator(String orderServiceUrl, BearerTokens tokens) {
		this.orders = new OrderClient(orderServiceUrl, tokens);
	}

	record Result(int concurrency, long ok, long errors, double seconds, double ordersPerSecond, LatencyStats latency) {

		String json() {
			return String.format(Locale.ROOT,
					"{\"concurrency\":%d,\"orders\":%d,\"errors\":%d,\"seconds\":%s,\"orders_per_s\":%s,\"latency\":%s}",
					concurrency, ok, errors, Json.number(seconds), Json.number(ordersPerSecond), latency.json());
		}

	}

	Result run(int concurrency, int totalOrders, Duration maxDuration) throws InterruptedException {
		Histogram histogram = LatencyStats.newHistogram();
		AtomicInteger tickets = new AtomicInteger();
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long start = System.nanoTime();
		long deadline = start + maxDuration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			Thread thread = new Thread(() -> {
				Histogram own = LatencyStats.newHistogram();
				while (tickets.getAndIncrement() < totalOrders && System.nanoTime() < deadline) {
					long sent = System.nanoTime();
					boolean created = placeOrder() > 0;
					own.recordValue((System.nanoTime() - sent) / 1000);
					(created ? ok : errors).incrementAndGet();
				}
				endClient();
				synchronized (histogram) {
					histogram.add(own);
				}
			}, "load-" + i);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Result(concurrency, ok.get(), errors.get(), seconds, ok.get() / seconds, LatencyStats.of(histogram));
	}

	/**
	 * Places one order for a random user and content of the {@link RushCatalogue}; returns its id, or -1 when it was
	 * not created.
	 */
	long placeOrder() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return placeOrder(RushCatalogue.randomUser(random), RushCatalogue.randomContent(random));
	}

	/** Closes the calling client thread's connection: each load's threads end with it. */
	void endClient() {
		orders.closeConnection();
	}

	long placeOrder(long userId, long contentId) {
		return orders.place(userId, contentId);
	}

}
