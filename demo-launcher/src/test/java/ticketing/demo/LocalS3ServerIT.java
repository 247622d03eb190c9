package ticketing.demo;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ./demo's S3 server gives analytics-service a user of its own that reaches the lake's bucket and nothing else, as
 * compose's MinIO policy does: a leaked lake key can neither list the server's buckets, nor create one, nor read or
 * write another.
 */
class LocalS3ServerIT {

	private static final String LAKE = "ticket-order-events";

	@TempDir
	Path data;

	private int port;

	private LocalS3Server server;

	@BeforeEach
	void start() throws Exception {
		port = Ports.free();
		server = LocalS3Server.start(port, data, "root-key", "root-secret", LAKE,
				Map.of("lake-key", "lake-secret"));
	}

	@AfterEach
	void stop() throws Exception {
		server.close();
	}

	@Test
	void shouldLetTheLakeUserWriteListAndReadItsBucket() {
		try (S3Client lake = LocalS3Server.client(port, "lake-key", "lake-secret")) {
			lake.putObject((request) -> request.bucket(LAKE).key("ticket-order/part-1.jsonl"),
					RequestBody.fromString("{\"order_id\":\"1\"}\n"));

			assertThat(lake.listObjectsV2((request) -> request.bucket(LAKE)).contents())
				.extracting((object) -> object.key())
				.containsExactly("ticket-order/part-1.jsonl");
			assertThat(lake.getObjectAsBytes((request) -> request.bucket(LAKE).key("ticket-order/part-1.jsonl"))
				.asUtf8String()).isEqualTo("{\"order_id\":\"1\"}\n");
			lake.headBucket((request) -> request.bucket(LAKE));
		}
	}

	@Test
	void shouldRefuseTheLakeUserEverythingElse() {
		try (S3Client root = LocalS3Server.client(port, "root-key", "root-secret");
				S3Client lake = LocalS3Server.client(port, "lake-key", "lake-secret")) {
			root.createBucket((request) -> request.bucket("other"));
			root.putObject((request) -> request.bucket("other").key("secret.txt"), RequestBody.fromString("x"));

			assertRefused(() -> lake.listBuckets());
			assertRefused(() -> lake.createBucket((request) -> request.bucket("mine")));
			assertRefused(() -> lake.getObjectAsBytes((request) -> request.bucket("other").key("secret.txt")));
			assertRefused(() -> lake.putObject((request) -> request.bucket("other").key("x"), RequestBody.fromString("x")));
			assertThat(root.listBuckets().buckets()).extracting((bucket) -> bucket.name())
				.containsExactlyInAnyOrder(LAKE, "other");
		}
	}

	@Test
	void shouldRefuseTheLakeKeyWithAnotherSecret() {
		try (S3Client impostor = LocalS3Server.client(port, "lake-key", "guessed")) {
			assertRefused(() -> impostor.listObjectsV2((request) -> request.bucket(LAKE)));
		}
	}

	private static void assertRefused(Runnable call) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class,
				(ex) -> assertThat(ex.statusCode()).as(ex.getMessage()).isEqualTo(403));
	}

}
