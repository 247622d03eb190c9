package ticketing.testsupport.metrics;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class GrafanaDashboardTests {

	private static final String DASHBOARD = """
			{"panels": [
			  {"type": "row", "title": "a row has no queries"},
			  {"title": "rate", "targets": [
			    {"expr": "sum by (status) (rate(http_server_requests_seconds_count{job=\\"order-service\\", uri=\\"/orders\\"}[1m]))"},
			    {"expr": "max(ticketing_outbox_waiting{job = \\"order-service\\"}) + max(lake_records_written_total{job=\\"analytics-service\\"})"}]},
			  {"title": "no job", "targets": [{"expr": "up{instance=\\"x\\"}"}]}
			]}""";

	@Test
	void shouldTellTheMetricsEachJobsQueriesSelect() {
		GrafanaDashboard dashboard = GrafanaDashboard.parse(DASHBOARD);

		assertThat(dashboard.expressions()).hasSize(3);
		assertThat(dashboard.metricsByJob()).containsOnly(
				entry("order-service", Set.of("http_server_requests_seconds_count", "ticketing_outbox_waiting")),
				entry("analytics-service", Set.of("lake_records_written_total")), entry("", Set.of("up")));
		assertThat(dashboard.metricsOf("notification-service")).isEmpty();
	}

	@Test
	void shouldFindWhichMetricsAScrapeHasNoSampleOf() {
		String scrape = """
				# HELP ticketing_outbox_waiting Outbox events not yet published to Kafka by the relay
				# TYPE ticketing_outbox_waiting gauge
				ticketing_outbox_waiting 0.0
				http_server_requests_seconds_count{method="POST",status="201",uri="/orders"} 3
				""";

		assertThat(GrafanaDashboard.notIn(scrape, Set.of("ticketing_outbox_waiting",
				"http_server_requests_seconds_count", "ticketing_relay_published_total")))
			.containsExactly("ticketing_relay_published_total");
	}

	@Test
	void shouldRefuseAQueryWithoutAnExpression() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GrafanaDashboard.parse("{\"panels\": [{\"title\": \"t\", \"targets\": [{\"refId\": \"A\"}]}]}"))
			.withMessageContaining("panel 't'");
	}

}
