package ticketing.demo;

import java.nio.file.Path;
import java.util.Properties;

/** What the demo prints once everything runs: where things are and how to see an order travel. */
final class DemoGuide {

	private DemoGuide() {
	}

	static String text(Path dataDir, Properties settings, DemoStoreNames names) {
		return """

				The ticketing system is running (Ctrl-C stops all of it).

				  order-service         http://localhost:8080   (Swagger UI: http://localhost:8080/swagger-ui.html)
				  notification-service  http://localhost:8081
				  analytics-service     http://localhost:8082
				  Kafka                 localhost:19092,localhost:29092,localhost:39092
				  S3                    http://127.0.0.1:9000  bucket %s  (access key %s, secret %s: demo values)
				  PostgreSQL, Redis     127.0.0.1:5432 (database %s), 127.0.0.1:6379
				  logs and data         %s
				  metrics               http://localhost:8080/actuator/prometheus (and 8081, 8082), for Prometheus;
				                        one meter as JSON: curl localhost:8080/actuator/metrics/ticketing.outbox.waiting

				Place an order:
				  curl -i -X POST localhost:8080/orders -H 'Content-Type: application/json' -d '{"userId":100,"contentId":1}'

				See where it went:
				  setup/bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 --topic ticket-order --from-beginning --isolation-level read_committed --property print.key=true --property print.headers=true
				  curl localhost:8081/users/100/last-purchase
				  redis-cli --scan --pattern '%s'
				  AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s aws s3 ls --recursive --endpoint-url http://127.0.0.1:9000 s3://%s/
				  curl localhost:8082/lake/summary
				""".formatted(settings.getProperty("s3.bucket"), settings.getProperty("s3.access-key"),
				settings.getProperty("s3.secret-key"), names.database(), dataDir, names.redisKeyPattern(),
				settings.getProperty("s3.access-key"), settings.getProperty("s3.secret-key"),
				settings.getProperty("s3.bucket"));
	}

}
