package ticketing.analytics.lake;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake in S3: writes objects, finds how far each partition has been written, counts what is there. Every method
 * throws the SDK's exception when S3 cannot be reached; callers decide whether to retry.
 */
final class LakeStore {

	/** User metadata of every object: how many records (lines) it holds, so the summary need not read it. */
	static final String RECORDS_METADATA = "records";

	/** User metadata of every object: the offset of its last record (the key names only the first). */
	static final String LAST_OFFSET_METADATA = "last-offset";

	private final S3Client s3;

	private final String bucket;

	private final String topic;

	LakeStore(S3Client s3, String bucket, String topic) {
		this.s3 = s3;
		this.bucket = bucket;
		this.topic = topic;
	}

	String bucket() {
		return this.bucket;
	}

	/** Throws unless the bucket answers within the timeout (it exists and these credentials may list it). */
	void checkBucket(Duration timeout) {
		this.s3.headBucket((request) -> request.bucket(this.bucket)
			.overrideConfiguration((call) -> call.apiCallTimeout(timeout)));
	}

	/** Creates the bucket unless it exists. */
	void ensureBucket() {
		try {
			this.s3.headBucket((request) -> request.bucket(this.bucket));
		}
		catch (NoSuchBucketException ex) {
			this.s3.createBucket((request) -> request.bucket(this.bucket));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
			this.s3.createBucket((request) -> request.bucket(this.bucket));
		}
	}

	/**
	 * Creates the batch's object, only if no object starts at the batch's first offset ({@code If-None-Match: *},
	 * decided by S3 atomically); when this returns, S3 has it durably.
	 * @throws ObjectExistsException when an object starts there already
	 */
	LakeObjectKey create(LakeBatch batch, boolean gzip) {
		LakeObjectKey key = batch.key(gzip);
		try {
			this.s3.putObject((request) -> request.bucket(this.bucket)
				.key(key.key())
				.ifNoneMatch("*")
				.contentType(gzip ? "application/gzip" : "application/x-ndjson")
				.metadata(Map.of(RECORDS_METADATA, Integer.toString(batch.size()), LAST_OFFSET_METADATA,
						Long.toString(batch.lastOffset()))),
					RequestBody.fromBytes(batch.content(gzip)));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 412) {
				throw new ObjectExistsException(key.key());
			}
			throw ex;
		}
		return key;
	}

	/**
	 * The highest last offset of the objects of the partition of the topic with that id that start at {@code from} or
	 * later, over every date; objects of an earlier topic of the same name do not count.
	 * Objects that start earlier are not looked at: they were all written before {@code from} was committed (a
	 * commit is never inside an object's range), so none of them ends at {@code from} or later. Objects of a partition
	 * hold consecutive ranges, so the one that starts last ends last: only its metadata is read.
	 */
	OptionalLong lastWrittenOffset(String topicId, int partition, long from) {
		String lastKey = null;
		long lastFirst = -1;
		for (LocalDate date : dates()) {
			String prefix = LakeObjectKey.topicIdPrefix(this.topic, date, partition, topicId);
			String startAfter = prefix + LakeObjectKey.offset(from);
			for (S3Object object : this.s3
				.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(prefix).startAfter(startAfter))
				.contents()) {
				var key = LakeObjectKey.parse(object.key())
					.filter((parsed) -> parsed.partition() == partition && parsed.topicId().equals(topicId));
				if (key.isPresent() && key.get().firstOffset() >= from && key.get().firstOffset() > lastFirst) {
					lastFirst = key.get().firstOffset();
					lastKey = object.key();
				}
			}
		}
		if (lastKey == null) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(lastOffset(lastKey));
	}

	private long lastOffset(String key) {
		String last = metadata(key).get(LAST_OFFSET_METADATA);
		if (last == null) {
			throw new IllegalStateException(key + " has no " + LAST_OFFSET_METADATA + " metadata: not written by the lake writer");
		}
		return Long.parseLong(last);
	}

	private Map<String, String> metadata(String key) {
		return this.s3.headObject((request) -> request.bucket(this.bucket).key(key)).metadata();
	}

	/** Objects and records per event date, oldest date first; nothing while the bucket does not exist yet. */
	List<DateSummary> summary() {
		try {
			return countPerDate();
		}
		catch (NoSuchBucketException ex) {
			return List.of();
		}
	}

	private List<DateSummary> countPerDate() {
		Map<LocalDate, long[]> counts = new TreeMap<>();
		for (S3Object object : this.s3
			.listObjectsV2Paginator(
					(request) -> request.bucket(this.bucket).prefix(LakeObjectKey.topicPrefix(this.topic)))
			.contents()) {
			LakeObjectKey.parse(object.key()).ifPresent((key) -> {
				long[] count = counts.computeIfAbsent(key.date(), (date) -> new long[2]);
				count[0]++;
				count[1] += records(object.key());
			});
		}
		List<DateSummary> summary = new ArrayList<>();
		counts.forEach((date, count) -> summary.add(new DateSummary(date, count[0], count[1])));
		return summary;
	}

	private long records(String key) {
		String records = metadata(key).get(RECORDS_METADATA);
		return (records == null) ? 0 : Long.parseLong(records);
	}

	/** The event dates that have objects: the {@code date=} "folders" under the topic. */
	private List<LocalDate> dates() {
		List<LocalDate> dates = new ArrayList<>();
		for (CommonPrefix prefix : this.s3
			.listObjectsV2Paginator((request) -> request.bucket(this.bucket)
				.prefix(LakeObjectKey.topicPrefix(this.topic) + "date=")
				.delimiter("/"))
			.commonPrefixes()) {
			String name = prefix.prefix().substring(LakeObjectKey.topicPrefix(this.topic).length() + "date=".length());
			try {
				dates.add(LocalDate.parse(name.substring(0, name.length() - 1)));
			}
			catch (RuntimeException ex) {
				// not a folder of the lake
			}
		}
		return dates;
	}

	/**
	 * What one event date holds.
	 *
	 * @param date     the event date (UTC)
	 * @param objects  how many objects
	 * @param records  how many records in them
	 */
	record DateSummary(LocalDate date, long objects, long records) {
	}

}
