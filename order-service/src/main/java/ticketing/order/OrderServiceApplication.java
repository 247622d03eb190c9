package ticketing.order;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.scheduling.annotation.EnableScheduling;

import ticketing.order.relay.ReconcileCommand;

/** Places ticket orders over REST and publishes each to the ticket-order topic exactly once. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
// A repository read runs without a transaction of its own: one SELECT needs none, and a connection lost during it is
// then reported as what it is (the database unavailable: 503), not as the failed rollback on the dead connection
// that a read-only transaction adds to it. Writes happen only inside OrderService's transaction.
@EnableJpaRepositories(enableDefaultTransactions = false)
public class OrderServiceApplication {

	/**
	 * Runs the service; {@code reconcile} as the first argument runs that command instead (see the README, "When the
	 * database and the topic disagree").
	 */
	public static void main(String[] args) {
		if (args.length > 0 && ReconcileCommand.NAME.equals(args[0])) {
			System.exit(ReconcileCommand.run(OrderServiceApplication.class, Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(OrderServiceApplication.class, args);
	}

}
