package ticketing.analytics.streams;

import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static ticketing.analytics.streams.TopologyTestSupport.DEFAULT_RULES;
import static ticketing.analytics.streams.TopologyTestSupport.TOPICS;

/**
 * The shape of the topology that running applications depend on: state store names are the names of their changelog
 * topics, so renaming one loses the state of every running instance.
 */
class AnalyticsTopologyTests {

	@Test
	void shouldKeepItsStateStoreNames() {
		// Given the topology
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, TOPICS, DEFAULT_RULES);

		// When its stores are listed
		Set<String> stores = builder.build()
			.describe()
			.subtopologies()
			.stream()
			.flatMap((subtopology) -> subtopology.nodes().stream())
			.filter(TopologyDescription.Processor.class::isInstance)
			.flatMap((node) -> ((TopologyDescription.Processor) node).stores().stream())
			.collect(Collectors.toSet());

		// Then they are the window counts and the mark of the windows emitted, under their fixed names
		assertThat(stores).containsExactlyInAnyOrder("order-counts-per-user", "suspicious-users-emitted-until");
	}

	@Test
	void shouldReadTheOrdersOnceWithoutRepartitioning() {
		// Given the topology
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, TOPICS, DEFAULT_RULES);

		// Then both processors share one sub-topology, fed by the order topic only: the key is already the user id
		TopologyDescription description = builder.build().describe();
		assertThat(description.subtopologies()).hasSize(1);
		assertThat(description.subtopologies().iterator().next().nodes())
			.filteredOn(TopologyDescription.Source.class::isInstance)
			.singleElement()
			.satisfies((source) -> assertThat(((TopologyDescription.Source) source).topicSet())
				.containsExactly(TOPICS.orders()));
	}

}
