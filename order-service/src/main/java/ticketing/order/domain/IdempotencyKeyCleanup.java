package ticketing.order.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets Idempotency-Keys older than their retention, so that the table does not grow forever. */
@Component
class IdempotencyKeyCleanup {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

	private final IdempotencyKeys keys;

	private final IdempotencyProperties properties;

	IdempotencyKeyCleanup(IdempotencyKeys keys, IdempotencyProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${ticketing.order.idempotency.cleanup-interval}")
	void deleteExpiredKeys() {
		try {
			int deleted = keys.deleteOlderThan(properties.retention());
			if (deleted > 0) {
				log.debug("Deleted {} expired idempotency keys", deleted);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not delete expired idempotency keys, will retry: {}", ex.getMessage());
		}
	}

}
