package ticketing.order;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import ticketing.order.relay.ReconcileCommand;

/** Places ticket orders over REST and publishes each to the ticket-order topic exactly once. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
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
