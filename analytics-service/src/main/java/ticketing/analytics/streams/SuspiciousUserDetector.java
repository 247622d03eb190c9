package ticketing.analytics.streams;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.processor.internals.metrics.TaskMetrics;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import ticketing.analytics.streams.StreamsSettings.ScalpingRules;

/**
 * Counts each user's orders in tumbling windows and, once stream time has passed a window's end plus the grace,
 * forwards every user with at least the threshold of orders in it: once per window, with the final count.
 * <p>
 * The DSL's {@code count().suppress(untilWindowCloses(...))} does the same, but its buffer keeps every count a second
 * time, in memory and in a changelog of its own: about 290 bytes per order to the brokers, against 35 for the window
 * store's changelog, and a fifth of the stream thread's CPU (benchmark/README.md). Here the closed windows are read
 * from the window store itself when stream time closes them, and a mark per task (the start of the first window not
 * yet emitted, in a logged store) keeps each window to one emission: the mark, the counts and the output are in the
 * same exactly-once transaction, so a restart neither repeats nor skips a window.
 * <p>
 * The window store needs no longer retention for this: closed windows are emitted before the count that moves stream
 * time is written, and only that write lets the store drop windows, all of them closed by then.
 */
final class SuspiciousUserDetector implements Processor<String, RawOrder, String, Integer> {

	/** The key of the mark in its store (one store per task, so one key). */
	static final String FIRST_WINDOW_NOT_EMITTED = "first-window-not-emitted";

	private final String countsStoreName;

	private final String markStoreName;

	private final long windowSizeMs;

	private final long graceMs;

	private final int threshold;

	private ProcessorContext<String, Integer> context;

	private WindowStore<String, Long> counts;

	private KeyValueStore<String, Long> marks;

	private Sensor droppedRecords;

	private long firstWindowNotEmitted;

	SuspiciousUserDetector(String countsStoreName, String markStoreName, ScalpingRules rules) {
		this.countsStoreName = countsStoreName;
		this.markStoreName = markStoreName;
		this.windowSizeMs = rules.windowSize().toMillis();
		this.graceMs = rules.grace().toMillis();
		this.threshold = rules.threshold();
	}

	@Override
	public void init(ProcessorContext<String, Integer> context) {
		this.context = context;
		this.counts = context.getStateStore(this.countsStoreName);
		this.marks = context.getStateStore(this.markStoreName);
		// The task's dropped-records metric, where the DSL's windowed aggregations count the records later than the
		// grace (kafka.stream.task.dropped.records.total in Micrometer): operators watch one metric for both.
		this.droppedRecords = TaskMetrics.droppedRecordsSensor(Thread.currentThread().getName(),
				context.taskId().toString(), (StreamsMetricsImpl) context.metrics());
		Long mark = this.marks.get(FIRST_WINDOW_NOT_EMITTED);
		// Without a mark (a new application, or one upgraded from the DSL's suppression, which emitted every window
		// closed at the stream time restored with the committed offsets), what is closed has been emitted.
		this.firstWindowNotEmitted = (mark != null) ? mark : firstOpenWindow(context.currentStreamTimeMs());
	}

	@Override
	public void process(Record<String, RawOrder> order) {
		long firstOpen = firstOpenWindow(Math.max(this.context.currentStreamTimeMs(), order.timestamp()));
		emitClosedWindows(firstOpen);
		long windowStart = order.timestamp() - Math.floorMod(order.timestamp(), this.windowSizeMs);
		if (order.key() == null || windowStart < firstOpen) {
			// Later than the grace, as the DSL: its window has been emitted, and is no longer counted.
			this.droppedRecords.record();
			return;
		}
		Long count = this.counts.fetch(order.key(), windowStart);
		this.counts.put(order.key(), (count != null) ? count + 1 : 1L, windowStart);
	}

	/**
	 * Forwards the users of every window before the first open one, each record stamped with its window's start: the
	 * key names only the user, so the timestamp tells readers which window the count is for.
	 */
	private void emitClosedWindows(long firstOpen) {
		long lastClosed = firstOpen - this.windowSizeMs;
		if (lastClosed < this.firstWindowNotEmitted) {
			return;
		}
		try (KeyValueIterator<Windowed<String>, Long> closed = this.counts.fetchAll(this.firstWindowNotEmitted,
				lastClosed)) {
			closed.forEachRemaining((window) -> {
				if (window.value >= this.threshold) {
					this.context.forward(new Record<>(window.key.key(), Math.toIntExact(window.value),
							window.key.window().start()));
				}
			});
		}
		this.firstWindowNotEmitted = lastClosed + this.windowSizeMs;
		this.marks.put(FIRST_WINDOW_NOT_EMITTED, this.firstWindowNotEmitted);
	}

	/**
	 * The start of the oldest window still open at this stream time: a window is closed once its end plus the grace
	 * is at or before stream time, so every window starting at or before {@code streamTime - size - grace}.
	 */
	private long firstOpenWindow(long streamTime) {
		long lastClosedStart = streamTime - this.windowSizeMs - this.graceMs;
		return Math.max(0, lastClosedStart - Math.floorMod(lastClosedStart, this.windowSizeMs) + this.windowSizeMs);
	}

}
