package ticketing.analytics.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.stereotype.Service;

import ticketing.analytics.streams.AnalyticsTopology;
import ticketing.analytics.streams.StreamsSettings;
import ticketing.analytics.streams.query.UserOrderCounts.WindowCount;

/**
 * Reads a user's window counts from the state store of the instance that owns the user's partition: this one, or
 * another instance asked over HTTP at its {@code application.server} address. Which instance owns a key and this
 * instance's store come from spring-kafka's {@link KafkaStreamsInteractiveQueryService}.
 */
@Service
class OrderCountsQueryService {

	private final StreamsBuilderFactoryBean factoryBean;

	private final KafkaStreamsInteractiveQueryService queries;

	private final long windowSizeMs;

	private final RemoteOrderCounts remote;

	OrderCountsQueryService(StreamsBuilderFactoryBean factoryBean, KafkaStreamsInteractiveQueryService queries,
			StreamsSettings settings, RemoteOrderCounts remote) {
		this.factoryBean = factoryBean;
		this.queries = queries;
		this.windowSizeMs = settings.scalping().windowSize().toMillis();
		this.remote = remote;
	}

	/**
	 * The counts of the user, from whichever instance owns them.
	 * @param forwarded whether another instance sent this request here as the owner: then it is never sent on, so a
	 * request cannot bounce between instances that disagree during a rebalance
	 */
	UserOrderCounts countsOf(String userId, boolean forwarded) {
		requireRunning();
		HostInfo owner;
		try {
			owner = this.queries.getKafkaStreamsApplicationHostInfo(AnalyticsTopology.ORDER_COUNTS_STORE, userId,
					Serdes.String().serializer());
		}
		catch (IllegalStateException ex) {
			throw new StoreUnavailableException("No instance owns the counts of this user right now (rebalancing)", ex);
		}
		if (owner == null || owner.equals(HostInfo.unavailable())) {
			throw new StoreUnavailableException("No instance owns the counts of this user right now (rebalancing)");
		}
		HostInfo self = this.queries.getCurrentKafkaStreamsApplicationHostInfo();
		if (owner.equals(self)) {
			return localCountsOf(userId, self);
		}
		if (forwarded) {
			throw new StoreUnavailableException("The counts of this user are moving to another instance");
		}
		return this.remote.countsOf(owner, userId);
	}

	private UserOrderCounts localCountsOf(String userId, HostInfo self) {
		ReadOnlyWindowStore<String, Long> store;
		try {
			store = this.queries.retrieveQueryableStore(AnalyticsTopology.ORDER_COUNTS_STORE,
					QueryableStoreTypes.<String, Long>windowStore());
		}
		catch (IllegalStateException ex) {
			throw new StoreUnavailableException("The state store is not queryable right now (restoring or rebalancing)",
					ex);
		}
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
		catch (InvalidStateStoreException ex) {
			throw new StoreUnavailableException("The state store moved while it was read (rebalancing)", ex);
		}
		return new UserOrderCounts(userId, windows, self.host() + ":" + self.port());
	}

	private void requireRunning() {
		KafkaStreams kafkaStreams = this.factoryBean.getKafkaStreams();
		if (kafkaStreams == null) {
			throw new StoreUnavailableException("Kafka Streams is not started");
		}
		KafkaStreams.State state = kafkaStreams.state();
		if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
			throw new StoreUnavailableException("Kafka Streams is " + state);
		}
	}

}
