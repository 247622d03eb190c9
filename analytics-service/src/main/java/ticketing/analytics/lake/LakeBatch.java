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

import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;

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

	/** Each line's span, started when its record was read, ended when the object is in S3. */
	private final List<Span> spans = new ArrayList<>();

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
	 * the record's span.
	 */
	void add(long offset, byte[] line, long timestamp, Span span) {
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
	void written(String key) {
		for (Span span : this.spans) {
			span.tag("ticketing.lake.object", key).end();
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
