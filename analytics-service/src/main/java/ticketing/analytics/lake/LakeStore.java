package ticketing.analytics.lake;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
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

	/** Writes the batch as one object; when this returns, S3 has it durably. */
	LakeObjectKey put(LakeBatch batch, boolean gzip) {
		LakeObjectKey key = batch.key(gzip);
		this.s3.putObject((request) -> request.bucket(this.bucket)
			.key(key.key())
			.contentType(gzip ? "application/gzip" : "application/x-ndjson")
			.metadata(Map.of(RECORDS_METADATA, Integer.toString(batch.size()))), RequestBody.fromBytes(batch.content(gzip)));
		return key;
	}

	/**
	 * The highest last offset of the partition's objects that start at {@code from} or later, over every date.
	 * Objects that start earlier are not looked at: they were all written before {@code from} was committed (a
	 * commit is never inside an object's range), so none of them ends at {@code from} or later.
	 */
	OptionalLong lastWrittenOffset(int partition, long from) {
		OptionalLong last = OptionalLong.empty();
		for (LocalDate date : dates()) {
			String prefix = LakeObjectKey.partitionPrefix(this.topic, date, partition);
			String startAfter = prefix + LakeObjectKey.offset(from);
			for (S3Object object : this.s3
				.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(prefix).startAfter(startAfter))
				.contents()) {
				OptionalLong objectLast = LakeObjectKey.parse(object.key())
					.filter((key) -> key.partition() == partition)
					.map((key) -> OptionalLong.of(key.lastOffset()))
					.orElse(OptionalLong.empty());
				if (objectLast.isPresent() && (last.isEmpty() || objectLast.getAsLong() > last.getAsLong())) {
					last = objectLast;
				}
			}
		}
		return last;
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
		HeadObjectResponse head = this.s3.headObject((request) -> request.bucket(this.bucket).key(key));
		String records = head.metadata().get(RECORDS_METADATA);
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
