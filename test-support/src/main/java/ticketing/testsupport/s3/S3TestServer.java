package ticketing.testsupport.s3;

import java.net.URI;
import java.util.UUID;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3-compatible server: path-style addressing, V4 signatures, the wire protocol MinIO speaks. */
public interface S3TestServer extends AutoCloseable {

	String REGION = "us-east-1";

	URI endpoint();

	String accessKey();

	String secretKey();

	/** A new client for this server, path-style; close it after use. */
	default S3Client newClient() {
		return S3Client.builder()
			.endpointOverride(endpoint())
			.region(Region.of(REGION))
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
			.build();
	}

	/** Creates an empty bucket with a name unique to this call; closing it removes the bucket and its objects. */
	default S3TestBucket createBucket() {
		String name = "test-" + UUID.randomUUID().toString().substring(0, 13);
		S3Client client = newClient();
		client.createBucket((request) -> request.bucket(name));
		return new S3TestBucket(this, name, client);
	}

}
