package ticketing.demo;

import java.nio.file.Path;
import java.util.Properties;

/** What the demo prints once everything runs: where things are and how to see an order travel. */
final class DemoGuide {

	private DemoGuide() {
	}

	static String text(Path dataDir, Properties settings, DemoStoreNames names, Path kafkaClientConfig,
			String userToken, String operatorToken) {
		return """

				The ticketing system is running (Ctrl-C stops all of it).

				  the shop's page       http://localhost:8080/   (the operator's: http://localhost:8080/operator.html)
				  order-service         http://localhost:8080   (Swagger UI: http://localhost:8080/swagger-ui.html)
				  notification-service  http://localhost:8081
				  analytics-service     http://localhost:8082
				  Kafka                 localhost:19092,localhost:29092,localhost:39092  (SASL/SCRAM: users and passwords in
				                        setup/demo/demo.properties, the admin's client configuration in %s)
				  S3                    http://127.0.0.1:9000  bucket %s  (access key %s, secret %s: demo values)
				  PostgreSQL, Redis     127.0.0.1:5432 (database %s), 127.0.0.1:6379
				  logs and data         %s
				  metrics               http://localhost:8080/actuator/prometheus (and 8081, 8082), operators only;
				                        one meter as JSON: curl -H "Authorization: Bearer $OPERATOR_TOKEN" localhost:8080/actuator/metrics/ticketing.outbox.waiting

				Bearer tokens of the demo (valid 24 h; setup/bin/demo-token <userId> or --operator prints more):
				  USER_TOKEN=%s
				  OPERATOR_TOKEN=%s

				Place an order as user 100:
				  curl -i -X POST localhost:8080/orders -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/json' -d '{"contentId":1}'

				See where it went:
				  setup/bin/kafka-console-consumer.sh --bootstrap-server localhost:19092 --command-config %s --topic ticket-order --from-beginning --isolation-level read_committed --property print.key=true --property print.headers=true
				  curl -H "Authorization: Bearer $USER_TOKEN" localhost:8081/users/100/last-purchase
				  redis-cli --scan --pattern '%s'
				  AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s aws s3 ls --recursive --endpoint-url http://127.0.0.1:9000 s3://%s/
				  curl -H "Authorization: Bearer $OPERATOR_TOKEN" localhost:8082/lake/summary
				""".formatted(kafkaClientConfig, settings.getProperty("s3.bucket"), settings.getProperty("s3.access-key"),
				settings.getProperty("s3.secret-key"), names.database(), dataDir, userToken, operatorToken,
				kafkaClientConfig, names.redisKeyPattern(), settings.getProperty("s3.access-key"), settings.getProperty("s3.secret-key"),
				settings.getProperty("s3.bucket"));
	}

}
