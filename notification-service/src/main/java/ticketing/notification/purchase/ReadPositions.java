package ticketing.notification.purchase;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.common.TopicPartition;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;

/**
 * How far each partition has been applied to Redis: one hash, {@code <prefix>read-positions}, field
 * {@code <topic>-<partition>}, value the offset of the last record applied. {@link LastPurchaseStore#apply} writes it
 * in the same script as the purchase, so Redis always knows exactly which records its data holds: the consumer reads
 * on from there, and when Redis loses its data it loses its positions with it, so the consumer reads the topic again
 * from the beginning and the data comes back by itself.
 */
@Repository
public class ReadPositions {

	private final StringRedisTemplate redis;

	private final String key;

	ReadPositions(StringRedisTemplate redis, PurchaseStoreSettings settings) {
		this.redis = redis;
		this.key = settings.keyPrefix() + "read-positions";
	}

	/**
	 * The offset of the last record applied for each partition; empty for a partition Redis holds nothing of.
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached
	 */
	public Map<TopicPartition, OptionalLong> read(Collection<TopicPartition> partitions) {
		List<TopicPartition> ordered = List.copyOf(partitions);
		List<Object> values = this.redis.opsForHash().multiGet(this.key, ordered.stream().map(ReadPositions::field)
			.map(Object.class::cast)
			.toList());
		Map<TopicPartition, OptionalLong> positions = new HashMap<>();
		for (int i = 0; i < ordered.size(); i++) {
			positions.put(ordered.get(i), offset(values.get(i)));
		}
		return positions;
	}

	/** Forgets every position: each consumer then reads its partitions from the beginning (a rebuild). */
	public void forget() {
		this.redis.delete(this.key);
	}

	/** The Redis key of the positions. */
	public String key() {
		return this.key;
	}

	/** A position, or empty for none, and for a value that is not a number (edited by hand), as the script does. */
	private static OptionalLong offset(Object value) {
		try {
			return (value == null) ? OptionalLong.empty() : OptionalLong.of(Long.parseLong((String) value));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	static String field(TopicPartition partition) {
		return partition.topic() + "-" + partition.partition();
	}

}
