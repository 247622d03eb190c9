package ticketing.order.relay;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar order-service.jar reconcile [--setting=value ...]}: runs {@link OutboxReconciliation} with the
 * service's own configuration (database, Kafka, topics, transactional.id), without its web server, relay or sample
 * data, prints what it did, and exits.
 */
public final class ReconcileCommand {

	/** The first argument that selects this command instead of the service. */
	public static final String NAME = "reconcile";

	private ReconcileCommand() {
	}

	/** Runs the command; returns the process exit code (0: reconciled, 1: not, with the reason on stderr). */
	public static int run(Class<?> application, String... args) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("reconcile", Map.of("ticketing.order.relay.enabled", "false",
						"ticketing.sample-data.enabled", "false", "spring.main.banner-mode", "off",
						// Without the sample data's location, its applied migration is missing here, not gone
						"spring.flyway.ignore-migration-patterns", "*:missing,*:future"))));
		try (ConfigurableApplicationContext context = builder.run(args)) {
			RelayProperties relay = context.getBean(RelayProperties.class);
			KafkaProperties kafka = context.getBean(KafkaProperties.class);
			OutboxReconciliation reconciliation = new OutboxReconciliation(relay, context.getBean(JdbcClient.class),
					context.getBean(TransactionTemplate.class), context.getBean(RelayState.class),
					RelayConfiguration.progress(relay, kafka), RelayConfiguration.consumers(kafka),
					RelayConfiguration.producers(relay, kafka));
			OutboxReconciliation.Result result = reconciliation.reconcile();
			System.out.println(report(relay, result));
			return 0;
		}
		catch (RuntimeException ex) {
			System.err.println("Reconcile did not complete (it can be run again): " + ex.getMessage());
			return 1;
		}
	}

	private static String readable(Duration duration) {
		return (duration.toMillis() < 1000) ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
	}

	static String report(RelayProperties relay, OutboxReconciliation.Result result) {
		String renumbered = result.renumbered()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.limit(20)
			.map((moved) -> "\n    order " + moved.getKey() + " is now " + moved.getValue())
			.collect(Collectors.joining("", "", (result.renumbered().size() > 20) ? "\n    ..." : ""));
		return """
				Database %s now agrees with %s:
				  %d records read from the topic
				  %d outbox rows were in it already: stamped as published, never published again
				  order ids continue after %d, the highest in the topic
				  %d orders not yet published had an id the topic has for another order, and got a new one%s
				  %d outbox rows are left to publish: the relay publishes them now (within %s if it is running)"""
			.formatted(result.databaseId(), relay.topic(), result.recordsRead(), result.stamped(),
					result.highestOrderIdInTopic(), result.renumbered().size(), renumbered, result.unpublished(),
					readable(relay.refusalRetryInterval()));
	}

}
