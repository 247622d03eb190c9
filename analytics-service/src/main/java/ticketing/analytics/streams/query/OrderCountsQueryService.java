package ticketing.analytics.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.springframework.stereotype.Service;

import ticketing.analytics.streams.AnalyticsTopology;
import ticketing.analytics.streams.StreamsLifecycle;
import ticketing.analytics.streams.StreamsSettings;
import ticketing.analytics.streams.query.UserOrderCounts.WindowCount;

/**
 * Reads a user's window counts from the state store of the instance that owns the user's partition: this one, or
 * another instance asked over HTTP at its {@code application.server} address.
 */
@Service
class OrderCountsQueryService {

	private final StreamsLifecycle streams;

	private final HostInfo self;

	private final long windowSizeMs;

	private final RemoteOrderCounts remote;

	OrderCountsQueryService(StreamsLifecycle streams, StreamsSettings settings, RemoteOrderCounts remote) {
		this.streams = streams;
		this.self = HostInfo.buildFromEndpoint(settings.applicationServer());
		this.windowSizeMs = settings.scalping().windowSize().toMillis();
		this.remote = remote;
	}

	/**
	 * The counts of the user, from whichever instance owns them.
	 * @param forwarded whether another instance sent this request here as the owner: then it is never sent on, so a
	 * request cannot bounce between instances that disagree during a rebalance
	 */
	UserOrderCounts countsOf(String userId, boolean forwarded) {
		KafkaStreams kafkaStreams = running();
		KeyQueryMetadata metadata = kafkaStreams.queryMetadataForKey(AnalyticsTopology.ORDER_COUNTS_STORE, userId,
				Serdes.String().serializer());
		if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
			throw new StoreUnavailableException("No instance owns the counts of this user right now (rebalancing)");
		}
		HostInfo owner = metadata.activeHost();
		if (owner.equals(this.self)) {
			return localCountsOf(kafkaStreams, userId);
		}
		if (forwarded) {
			throw new StoreUnavailableException("The counts of this user are moving to another instance");
		}
		return this.remote.countsOf(owner, userId);
	}

	private UserOrderCounts localCountsOf(KafkaStreams kafkaStreams, String userId) {
		try {
			ReadOnlyWindowStore<String, Long> store = kafkaStreams.store(StoreQueryParameters
				.fromNameAndType(AnalyticsTopology.ORDER_COUNTS_STORE, QueryableStoreTypes.<String, Long>windowStore()));
			List<WindowCount> windows = new ArrayList<>();
			// All windows still in the store: the open ones (retention is window size plus grace).
			try (WindowStoreIterator<Long> iterator = store.fetch(userId, Instant.EPOCH,
					Instant.ofEpochMilli(Long.MAX_VALUE - this.windowSizeMs))) {
				while (iterator.hasNext()) {
					KeyValue<Long, Long> entry = iterator.next();
					windows.add(new WindowCount(Instant.ofEpochMilli(entry.key),
							Instant.ofEpochMilli(entry.key + this.windowSizeMs), entry.value));
				}
			}
			return new UserOrderCounts(userId, windows, this.self.host() + ":" + this.self.port());
		}
		catch (InvalidStateStoreException ex) {
			throw new StoreUnavailableException("The state store is not queryable right now (restoring or rebalancing)",
					ex);
		}
	}

	private KafkaStreams running() {
		KafkaStreams kafkaStreams = this.streams.streams()
			.orElseThrow(() -> new StoreUnavailableException("Kafka Streams is not started"));
		if (kafkaStreams.state() != KafkaStreams.State.RUNNING && kafkaStreams.state() != KafkaStreams.State.REBALANCING) {
			throw new StoreUnavailableException("Kafka Streams is " + kafkaStreams.state());
		}
		return kafkaStreams;
	}

}
