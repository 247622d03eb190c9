package ticketing.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server (S3Proxy) on a loopback port (the demo's: 9000) keeping objects as files in a folder: the
 * same API, path-style and V4 signatures, as MinIO in docker compose.
 */
public final class LocalS3Server implements AutoCloseable {

	/** The demo's port. */
	public static final int PORT = 9000;

	private final S3Proxy proxy;

	private LocalS3Server(S3Proxy proxy) {
		this.proxy = proxy;
	}

	/** Starts the server on the demo's port. */
	static LocalS3Server start(Path dataDir, String accessKey, String secretKey, String bucket) throws Exception {
		return start(PORT, dataDir, accessKey, secretKey, bucket);
	}

	/** Starts the server and creates the bucket if the folder does not hold it yet. */
	public static LocalS3Server start(int port, Path dataDir, String accessKey, String secretKey, String bucket)
			throws Exception {
		Properties properties = new Properties();
		properties.setProperty("jclouds.identity", accessKey);
		properties.setProperty("jclouds.credential", secretKey);
		properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(BlobStores.create("filesystem", properties))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
			.endpoint(URI.create("http://127.0.0.1:" + port))
			.build();
		proxy.start();
		LocalS3Server server = new LocalS3Server(proxy);
		try (S3Client client = client(port, accessKey, secretKey)) {
			if (client.listBuckets().buckets().stream().noneMatch((b) -> b.name().equals(bucket))) {
				client.createBucket((request) -> request.bucket(bucket));
			}
		}
		return server;
	}

	/** A client of the server on the port (path-style, as for MinIO). */
	public static S3Client client(int port, String accessKey, String secretKey) {
		return S3Client.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
			.build();
	}

	@Override
	public void close() throws Exception {
		proxy.stop();
	}

}
