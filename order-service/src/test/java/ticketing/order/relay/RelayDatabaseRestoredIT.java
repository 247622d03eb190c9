package ticketing.order.relay;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import ticketing.order.outbox.Outbox;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.postgres.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ticketing.order.relay.RelayTestSystem.awaitAllPublished;
import static ticketing.order.relay.RelayTestSystem.awaitRefusal;
import static ticketing.order.relay.RelayTestSystem.placeOrder;

/**
 * A database restored from a backup ({@code pg_dump}, then {@code pg_restore} into an empty database) has forgotten
 * what was published since the backup: rows published since look unpublished, and the next order ids are those of
 * the orders placed since. Its relay must publish nothing until {@code reconcile}, and then every order exactly once
 * under an id of its own. (Needs {@code pg_dump} and {@code pg_restore} of the server's version on the PATH.)
 */
@RealInfrastructure
class RelayDatabaseRestoredIT {

	private final RelayTestSystem system = new RelayTestSystem();

	@Test
	void shouldRefuseARestoredDatabaseUntilReconciledThenPublishEveryOrderOnceUnderItsOwnId(@TempDir Path backups)
			throws Exception {
		Path backup = backups.resolve("ticketing.dump");
		List<Long> placedBeforeBackup = new ArrayList<>();
		try (PostgresTestDatabase original = TestInfrastructure.postgres().createDatabase()) {
			// Given a database whose 9 sample orders are published
			try (ConfigurableApplicationContext service = system.start(original)) {
				awaitAllPublished(service);
			}
			// ... and 3 orders placed while no relay ran, then a backup: they are unpublished in it
			try (ConfigurableApplicationContext service = system.start(original,
					"--ticketing.order.relay.enabled=false")) {
				for (int i = 0; i < 3; i++) {
					placedBeforeBackup.add(placeOrder(service, 100 + i));
				}
			}
			run(original, "pg_dump", "--format=custom", "--file=" + backup, "--dbname=" + libpqUrl(original));

			// ... after which the relay published those 3, and 4 orders more were placed and published
			try (ConfigurableApplicationContext service = system.start(original)) {
				awaitAllPublished(service);
				for (int i = 0; i < 4; i++) {
					placeOrder(service, 103);
					awaitAllPublished(service);
				}
			}
		}
		List<ConsumerRecord<String, String>> beforeRestore = system.published();
		assertThat(beforeRestore).hasSize(16);

		// When the database is lost and restored from the backup into an empty one
		try (PostgresTestDatabase restored = TestInfrastructure.postgres().createDatabase()) {
			run(restored, "pg_restore", "--no-owner", "--dbname=" + libpqUrl(restored), backup.toString());
			try (ConfigurableApplicationContext service = system.start(restored)) {
				// Then its relay refuses: the database is older than the topic
				assertThat(awaitRefusal(service)).contains("older than the topic")
					.contains("java -jar order-service.jar reconcile");
				// ... while orders are still taken, with ids the lost orders had
				long first = placeOrder(service, 104);
				long second = placeOrder(service, 104);
				assertThat(List.of(first, second)).allMatch((id) -> beforeRestore.stream()
					.anyMatch((record) -> PublishedEvents.orderId(record) == id));
				assertThat(system.published()).hasSize(16);

				// When it is reconciled
				assertThat(system.reconcile(restored)).isZero();

				// Then the 3 rows published after the backup are not published again, the 2 new orders are, under
				// ids no order in the topic had, and every order of the database is in the topic once
				awaitAllPublished(service);
				await().untilAsserted(() -> assertThat(system.published()).hasSize(18));
				List<ConsumerRecord<String, String>> published = system.published();
				assertThat(published.stream().map(PublishedEvents::orderId)).doesNotHaveDuplicates()
					.containsAll(placedBeforeBackup);
				assertThat(published.stream().map(RelayTestSystem::eventId)).doesNotHaveDuplicates();
				List<Long> inDatabase = RelayTestSystem.jdbc(restored)
					.sql("SELECT id FROM ticket_orders")
					.query(Long.class)
					.list();
				assertThat(published.stream().map(PublishedEvents::orderId)).containsAll(inDatabase);
				assertThat(service.getBean(Outbox.class).countUnpublished()).isZero();
			}
		}
	}

	/** The database as a libpq connection URI, for the PostgreSQL tools. */
	private static String libpqUrl(PostgresTestDatabase database) {
		URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		return "postgresql://" + database.username() + "@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath();
	}

	private static void run(PostgresTestDatabase database, String... command) throws IOException, InterruptedException {
		Path output = Files.createTempFile("pg-tool", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().put("PGPASSWORD", database.password());
		Process process = builder.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
		assertThat(process.exitValue()).as(command[0] + ": " + Files.readString(output)).isZero();
	}

}
