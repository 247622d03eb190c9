package ticketing.order.relay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@link RelayFailureInjector} for tests: crashes the relay at scripted steps (throwing, so that it starts over as a
 * new incarnation, as after a kill and restart), pauses it at a step until released (a stopped process: its lease
 * expires and another instance takes over), or slows it down at steps (a busy relay: slow sends, a slow database).
 */
final class ScriptedFailures implements RelayFailureInjector {

	/** Thrown to crash the relay at a step. */
	static final class SimulatedCrash extends RuntimeException {

		SimulatedCrash(RelayStep step) {
			super("simulated crash at " + step);
		}

	}

	private final Deque<RelayStep> crashes = new ArrayDeque<>();

	private final List<RelayStep> crashed = new CopyOnWriteArrayList<>();

	private final List<RelayStep> passed = new CopyOnWriteArrayList<>();

	private volatile @Nullable RelayStep pauseAt;

	private volatile Set<RelayStep> slowSteps = Set.of();

	private volatile Duration slowness = Duration.ZERO;

	private volatile CountDownLatch paused = new CountDownLatch(1);

	private volatile CountDownLatch released = new CountDownLatch(1);

	/** Crashes at the first occurrence of each step, in turn. */
	synchronized void crashAt(RelayStep... steps) {
		crashes.clear();
		crashes.addAll(List.of(steps));
		crashed.clear();
	}

	/** Pauses the relay thread at the next occurrence of the step until {@link #release()}. */
	void pauseAt(RelayStep step) {
		paused = new CountDownLatch(1);
		released = new CountDownLatch(1);
		passed.clear();
		pauseAt = step;
	}

	/** Makes every later occurrence of the steps take this long: work, not waiting for a condition. */
	void slowAt(Duration duration, RelayStep... steps) {
		slowness = duration;
		slowSteps = Set.of(steps);
	}

	boolean isPaused() {
		return paused.getCount() == 0 && released.getCount() > 0;
	}

	void release() {
		passed.clear();
		released.countDown();
	}

	/** The steps at which a crash happened since the last {@link #crashAt}. */
	List<RelayStep> crashed() {
		return List.copyOf(crashed);
	}

	/** The steps passed since the last {@link #release()} or {@link #pauseAt}. */
	List<RelayStep> passed() {
		return List.copyOf(passed);
	}

	@Override
	public void at(RelayStep step) {
		if (step == pauseAt) {
			pauseAt = null;
			paused.countDown();
			await(released, Duration.ofMinutes(2));
			return;
		}
		passed.add(step);
		if (slowSteps.contains(step)) {
			work(slowness);
		}
		synchronized (this) {
			if (!crashes.isEmpty() && crashes.peek() == step) {
				crashes.pop();
				crashed.add(step);
				throw new SimulatedCrash(step);
			}
		}
	}

	private static void work(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch, Duration timeout) {
		try {
			latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
