package ticketing.analytics.lake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the whole lake back, the way a data tool would: every object, every line. */
final class LakeContent {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final S3Client s3;

	private final String bucket;

	LakeContent(S3Client s3, String bucket) {
		this.s3 = s3;
		this.bucket = bucket;
	}

	/**
	 * The keys of the lake's objects. S3Proxy lists an upload in progress under a temporary key
	 * ({@code <key>-<uuid>}, gone a moment later, or at once when the upload breaks off); S3 never shows one, and
	 * reading it would fail with NoSuchKey or return part of an object, so only lake keys are read.
	 */
	List<String> keys() {
		List<String> keys = new ArrayList<>();
		for (S3Object object : this.s3.listObjectsV2Paginator((request) -> request.bucket(this.bucket)).contents()) {
			if (LakeObjectKey.parse(object.key()).isPresent()) {
				keys.add(object.key());
			}
		}
		return keys;
	}

	/** Each object's ETag by key: it changes when an object is written again. */
	Map<String, String> eTags() {
		Map<String, String> eTags = new TreeMap<>();
		for (S3Object object : this.s3.listObjectsV2Paginator((request) -> request.bucket(this.bucket)).contents()) {
			if (LakeObjectKey.parse(object.key()).isPresent()) {
				eTags.put(object.key(), object.eTag());
			}
		}
		return eTags;
	}

	/** Every line of every object, parsed. */
	List<JsonNode> lines() {
		List<JsonNode> lines = new ArrayList<>();
		for (String key : keys()) {
			byte[] bytes = this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key)).asByteArray();
			for (String line : text(key, bytes).split("\n")) {
				if (!line.isEmpty()) {
					lines.add(MAPPER.readTree(line));
				}
			}
		}
		return lines;
	}

	/** How many times each event is in the lake, by event id (order id for an event without one). */
	Map<String, Integer> countsByEventId() {
		Map<String, Integer> counts = new TreeMap<>();
		for (JsonNode line : lines()) {
			String id = line.has("event_id") ? line.get("event_id").asString() : line.get("order_id").asString();
			counts.merge(id, 1, Integer::sum);
		}
		return counts;
	}

	/** How many times each record is in the lake, by {@code <partition>@<offset>}. */
	Map<String, Integer> countsByOffset() {
		Map<String, Integer> counts = new TreeMap<>();
		for (JsonNode line : lines()) {
			counts.merge(line.get("kafka_partition").asInt() + "@" + line.get("kafka_offset").asLong(), 1, Integer::sum);
		}
		return counts;
	}

	private static String text(String key, byte[] bytes) {
		if (!key.endsWith(".gz")) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
