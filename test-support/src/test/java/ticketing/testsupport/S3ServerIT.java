package ticketing.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import ticketing.testsupport.s3.S3TestBucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The S3 server is a real one: objects go over HTTP with V4 signatures, and unsigned requests are refused. */
@RealInfrastructure
class S3ServerIT {

	@Test
	void shouldPutListAndGetObjectsPathStyle(S3TestBucket bucket) {
		String key = "ticket-order/date=2026-11-25/partition=0/0-1.jsonl";
		String lines = "{\"order_id\":\"1\"}\n{\"order_id\":\"2\"}\n";

		bucket.client().putObject((request) -> request.bucket(bucket.name()).key(key), RequestBody.fromString(lines));

		assertThat(bucket.client().listObjectsV2((request) -> request.bucket(bucket.name())).contents())
			.extracting(S3Object::key)
			.containsExactly(key);
		assertThat(bucket.client().getObjectAsBytes((request) -> request.bucket(bucket.name()).key(key)).asUtf8String())
			.isEqualTo(lines);
	}

	/** The lake relies on it: a create-only PUT ({@code If-None-Match: *}) of a key that exists is refused. */
	@Test
	void shouldRefuseToCreateAnObjectThatExists(S3TestBucket bucket) {
		String key = "ticket-order/date=2026-11-25/partition=0/first.jsonl";
		bucket.client()
			.putObject((request) -> request.bucket(bucket.name()).key(key).ifNoneMatch("*"),
					RequestBody.fromString("first"));

		S3Exception refused = catchThrowableOfType(S3Exception.class, () -> bucket.client()
			.putObject((request) -> request.bucket(bucket.name()).key(key).ifNoneMatch("*"),
					RequestBody.fromString("second")));

		assertThat(refused.statusCode()).isEqualTo(412);
		assertThat(bucket.client().getObjectAsBytes((request) -> request.bucket(bucket.name()).key(key)).asUtf8String())
			.isEqualTo("first");
	}

	@Test
	void shouldRefuseAnUnsignedRequest(S3TestBucket bucket) throws Exception {
		URI bucketUri = URI.create(bucket.endpoint() + "/" + bucket.name());

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(bucketUri).GET().build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void shouldGiveEachTestItsOwnEmptyBucket(S3TestBucket first, S3TestBucket second) {
		first.client().putObject((request) -> request.bucket(first.name()).key("only-here"), RequestBody.fromString("x"));

		assertThat(second.name()).isNotEqualTo(first.name());
		assertThat(second.client().listObjectsV2((request) -> request.bucket(second.name())).contents()).isEmpty();
	}

}
