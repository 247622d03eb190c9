package ticketing.analytics.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

import ticketing.consumer.RecordTracing;

/**
 * Records of one partition and one event date, at consecutive offsets (with read_committed there are gaps where
 * transaction markers and aborted records are, and poison records are not in it): the content of one object.
 */
final class LakeBatch {

	private final String topic;

	private final String topicId;

	private final int partition;

	private final LocalDate date;

	private final Instant openedAt;

	private final List<byte[]> lines = new ArrayList<>();

	/** Each line's span, from when its record was read until the object is in S3: made then. */
	private final List<RecordTracing.Deferred> spans = new ArrayList<>();

	private long bytes;

	private long firstOffset = -1;

	private long lastOffset = -1;

	private long oldestTimestamp = Long.MAX_VALUE;

	LakeBatch(String topic, String topicId, int partition, LocalDate date, Instant openedAt) {
		this.topic = topic;
		this.topicId = topicId;
		this.partition = partition;
		this.date = date;
		this.openedAt = openedAt;
	}

	/**
	 * Adds a line (UTF-8, without its newline) of a record with the timestamp (epoch millis; negative if none) and
	 * what the record's span needs.
	 */
	void add(long offset, byte[] line, long timestamp, RecordTracing.Deferred span) {
		this.spans.add(span);
		if (timestamp >= 0) {
			this.oldestTimestamp = Math.min(this.oldestTimestamp, timestamp);
		}
		if (this.firstOffset < 0) {
			this.firstOffset = offset;
		}
		this.lastOffset = offset;
		this.lines.add(line);
		this.bytes += line.length + 1;
	}

	/** The object is in S3: its records' spans end. */
	void written(String key, RecordTracing tracing) {
		for (RecordTracing.Deferred span : this.spans) {
			tracing.end(span, "ticketing.lake.object", key);
		}
	}

	LocalDate date() {
		return this.date;
	}

	Instant openedAt() {
		return this.openedAt;
	}

	int size() {
		return this.lines.size();
	}

	/** The size of the object's content before compression. */
	long bytes() {
		return this.bytes;
	}

	/** The timestamp of its oldest record; null if none had one. */
	@Nullable Instant oldestRecordTime() {
		return (this.oldestTimestamp == Long.MAX_VALUE) ? null : Instant.ofEpochMilli(this.oldestTimestamp);
	}

	long firstOffset() {
		return this.firstOffset;
	}

	long lastOffset() {
		return this.lastOffset;
	}

	LakeObjectKey key(boolean gzip) {
		return new LakeObjectKey(this.topic, this.topicId, this.date, this.partition, this.firstOffset, gzip);
	}

	/** The object's content: one JSON document per line, each line ended by a newline. */
	byte[] content(boolean gzip) {
		ByteArrayOutputStream content = new ByteArrayOutputStream((int) Math.min(this.bytes, Integer.MAX_VALUE - 8));
		try (OutputStream out = gzip ? new GZIPOutputStream(content) : content) {
			for (byte[] line : this.lines) {
				out.write(line);
				out.write('\n');
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return content.toByteArray();
	}

}
