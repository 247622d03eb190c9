package ticketing.testsupport.s3;

import java.net.URI;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket of one test on the shared S3 server, with a client for it. Closing it deletes its objects and the bucket.
 */
public final class S3TestBucket implements AutoCloseable {

	private final S3TestServer server;

	private final String name;

	private final S3Client client;

	S3TestBucket(S3TestServer server, String name, S3Client client) {
		this.server = server;
		this.name = name;
		this.client = client;
	}

	public String name() {
		return name;
	}

	public S3Client client() {
		return client;
	}

	public URI endpoint() {
		return server.endpoint();
	}

	public String region() {
		return S3TestServer.REGION;
	}

	public String accessKey() {
		return server.accessKey();
	}

	public String secretKey() {
		return server.secretKey();
	}

	@Override
	public void close() {
		try (client) {
			for (S3Object object : client.listObjectsV2Paginator((request) -> request.bucket(name)).contents()) {
				client.deleteObject((request) -> request.bucket(name).key(object.key()));
			}
			client.deleteBucket((request) -> request.bucket(name));
		}
	}

	@Override
	public String toString() {
		return "bucket " + name + " at " + server.endpoint();
	}

}
