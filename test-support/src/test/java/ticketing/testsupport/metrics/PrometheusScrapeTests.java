package ticketing.testsupport.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusScrapeTests {

	private static final String SCRAPE = """
			# HELP ticketing_outbox_waiting Outbox events not yet published to Kafka by the relay
			# TYPE ticketing_outbox_waiting gauge
			ticketing_outbox_waiting 3.0
			ticketing_outbox_waiting_other 9.0
			ticketing_dead_letters_total{failure="InvalidEventException",topic="ticket-order"} 2.0
			""";

	@Test
	void shouldReadASeriesWithOrWithoutLabels() {
		assertThat(PrometheusScrape.value(SCRAPE, "ticketing_outbox_waiting")).hasValue(3.0);
		assertThat(PrometheusScrape.value(SCRAPE,
				"ticketing_dead_letters_total{failure=\"InvalidEventException\",topic=\"ticket-order\"}"))
			.hasValue(2.0);
	}

	@Test
	void shouldBeEmptyForASeriesTheScrapeDoesNotHave() {
		assertThat(PrometheusScrape.value(SCRAPE, "ticketing_relay_published_total")).isEmpty();
		assertThat(PrometheusScrape.value(SCRAPE, "ticketing_dead_letters_total")).isEmpty();
	}

}
