package ticketing.order.relay;

import java.util.Objects;

/**
 * Whether the database a relay activates on agrees with the progress topic, and what the relay does about it.
 * <p>
 * Every batch is one Kafka transaction with a progress record that names the database and the batch's number; the
 * database stamps that number with the batch's rows, after the commit. So a database that agrees with the topic is
 * the one the last record names, at that batch or at the one before it (a relay crashed between the Kafka commit and
 * the stamps: the recovery this check has always done). Anything else means the database is not the one that
 * published, and publishing from it would repeat order ids or events the topic already has:
 * <ul>
 * <li>another database (a new one, or the wrong one): its order ids start again where the topic's began;</li>
 * <li>the same database more than one batch behind (restored from a backup): its rows published since the backup
 * look unpublished, and its next order ids are those of the orders placed since;</li>
 * <li>the same database ahead of the topic: the progress topic was recreated, or this is another Kafka cluster.</li>
 * </ul>
 * The relay then refuses to publish until {@code reconcile} (see {@link OutboxReconciliation}) makes the database
 * agree with the topic.
 *
 * @param step   what the relay does
 * @param batch  the batch number the database is at once the step is done
 * @param reason for a refusal, what happened and how to proceed
 */
record ActivationCheck(Step step, long batch, String reason) {

	enum Step {

		/** The database knows everything the topic does. */
		CONTINUE,

		/** The last batch was committed to Kafka and not stamped: stamp its rows and its number. */
		STAMP_LAST_BATCH,

		/** A record written before records named their database: stamp the rows it names, as before the upgrade. */
		STAMP_UNNUMBERED_BATCH,

		/** The database does not agree with the topic: publish nothing. */
		REFUSE

	}

	static ActivationCheck of(LastProgress last, DatabaseState database, String progressTopic) {
		long stamped = database.batchesStamped();
		if (!last.found()) {
			return new ActivationCheck(Step.CONTINUE, stamped, "");
		}
		if (!last.namesDatabase()) {
			return new ActivationCheck(Step.STAMP_UNNUMBERED_BATCH, stamped, "");
		}
		if (!Objects.equals(last.databaseId(), database.databaseId())) {
			return refuse(database, "the progress topic " + progressTopic + " says that the events in the topic were "
					+ "published from database " + last.databaseId() + ", and this is database "
					+ database.databaseId() + " (created " + database.createdAt() + "): a new database, or the wrong "
					+ "one. Publishing from it would give the topic orders whose ids it already has.");
		}
		if (last.batch() == stamped) {
			return new ActivationCheck(Step.CONTINUE, stamped, "");
		}
		if (last.batch() == stamped + 1) {
			return new ActivationCheck(Step.STAMP_LAST_BATCH, last.batch(), "");
		}
		if (last.batch() > stamped) {
			return refuse(database, "this database knows of relay batches up to " + stamped + ", and the progress topic "
					+ progressTopic + " has batch " + last.batch() + ": the database is older than the topic (restored "
					+ "from a backup?). Publishing from it would repeat the events published since, and give new "
					+ "orders the ids of orders placed since.");
		}
		return refuse(database, "this database stamped relay batches up to " + stamped + ", and the progress topic "
				+ progressTopic + " ends at batch " + last.batch() + ": the topic is older than the database (was it "
				+ "recreated, or is this another Kafka cluster?).");
	}

	private static ActivationCheck refuse(DatabaseState database, String what) {
		return new ActivationCheck(Step.REFUSE, database.batchesStamped(), "The relay publishes nothing: " + what
				+ " If this database is the right one, run `java -jar order-service.jar reconcile` with the "
				+ "same settings (the service may keep running): it stamps the rows the topic already has and gives the orders "
				+ "that follow ids no order in the topic has (order-service/README.md, \"When the database and the "
				+ "topic disagree\"). If it is not, point order-service at the right database. To start afresh "
				+ "instead, empty the topics together with the database (./demo --reset).");
	}

}
