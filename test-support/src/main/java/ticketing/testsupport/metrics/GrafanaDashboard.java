package ticketing.testsupport.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's Grafana dashboard ({@value #PATH}) as the queries it runs: so that a service's test can check that
 * every meter the dashboard shows for that service is one the service exposes, under the name Prometheus gives it.
 * Each query selects its series by the Prometheus job (the service's name, setup/prometheus/prometheus.yml).
 */
public final class GrafanaDashboard {

	/** Where the dashboard is, from the repository's root. */
	public static final String PATH = "setup/grafana/dashboards/ticketing.json";

	/** A series selector: a metric name and its label matchers. */
	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

	private static final Pattern JOB = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]+)\"");

	private final List<String> expressions;

	private GrafanaDashboard(List<String> expressions) {
		this.expressions = List.copyOf(expressions);
	}

	/** Reads the dashboard from the repository this test runs in (its module's folder or the root). */
	public static GrafanaDashboard load() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve(PATH))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException(PATH + " not found above " + Path.of("").toAbsolutePath());
		}
		try {
			return parse(Files.readString(dir.resolve(PATH)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A dashboard's JSON; fails if it is not JSON or a panel's query is not a string. */
	public static GrafanaDashboard parse(String json) {
		JsonNode dashboard = JsonMapper.builder().build().readTree(json);
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				JsonNode expr = target.get("expr");
				if (expr == null || !expr.isString()) {
					throw new IllegalArgumentException("panel '" + panel.path("title").asString() + "' has a query "
							+ "without an expression: " + target);
				}
				expressions.add(expr.asString());
			}
		}
		return new GrafanaDashboard(expressions);
	}

	/** Every query of the dashboard. */
	public List<String> expressions() {
		return this.expressions;
	}

	/** The metric names each job's series are selected by, per job; a selector without a job is under "". */
	public Map<String, Set<String>> metricsByJob() {
		Map<String, Set<String>> byJob = new TreeMap<>();
		for (String expression : this.expressions) {
			Matcher selector = SELECTOR.matcher(expression);
			while (selector.find()) {
				Matcher job = JOB.matcher(selector.group(2));
				byJob.computeIfAbsent(job.find() ? job.group(1) : "", (key) -> new TreeSet<>()).add(selector.group(1));
			}
		}
		return byJob;
	}

	/** The metric names the dashboard selects for the job (a Prometheus job: a service's name). */
	public Set<String> metricsOf(String job) {
		return metricsByJob().getOrDefault(job, Set.of());
	}

	/**
	 * The names among {@code metrics} that have no sample in a scrape in Prometheus's text format
	 * ({@code /actuator/prometheus}).
	 */
	public static Set<String> notIn(String scrape, Set<String> metrics) {
		Set<String> sampled = new TreeSet<>();
		scrape.lines()
			.filter((line) -> !line.startsWith("#") && !line.isBlank())
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(sampled::add);
		Set<String> missing = new TreeSet<>(metrics);
		missing.removeAll(sampled);
		return missing;
	}

}
