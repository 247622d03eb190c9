package ticketing.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
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

	/**
	 * Starts the server on the demo's port, with the lake's own user: its access key may reach the lake's bucket
	 * only, as the policy of compose's MinIO user does.
	 */
	static LocalS3Server start(Path dataDir, String accessKey, String secretKey, String bucket, String lakeAccessKey,
			String lakeSecretKey) throws Exception {
		return start(PORT, dataDir, accessKey, secretKey, bucket, Map.of(lakeAccessKey, lakeSecretKey));
	}

	/** Starts the server and creates the bucket if the folder does not hold it yet; one user, who may do anything. */
	public static LocalS3Server start(int port, Path dataDir, String accessKey, String secretKey, String bucket)
			throws Exception {
		return start(port, dataDir, accessKey, secretKey, bucket, Map.of());
	}

	/**
	 * Starts the server and creates the bucket if the folder does not hold it yet.
	 * @param accessKey  the server's own user, who may do anything (create buckets, read and write any)
	 * @param bucketUsers access key to secret key of users who may reach {@code bucket} only: any other bucket, and
	 * the list of buckets, are refused to them (403, as an unknown key)
	 */
	public static LocalS3Server start(int port, Path dataDir, String accessKey, String secretKey, String bucket,
			Map<String, String> bucketUsers) throws Exception {
		Properties properties = new Properties();
		properties.setProperty("jclouds.identity", accessKey);
		properties.setProperty("jclouds.credential", secretKey);
		properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
		BlobStore store = BlobStores.create("filesystem", properties);
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(store)
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
			.endpoint(URI.create("http://127.0.0.1:" + port))
			.build();
		proxy.setBlobStoreLocator((identity, container, blob) -> {
			if (accessKey.equals(identity)) {
				return new AccessGrant(secretKey, store);
			}
			if (identity != null && bucketUsers.containsKey(identity) && bucket.equals(container)) {
				return new AccessGrant(bucketUsers.get(identity), store);
			}
			return null;
		});
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
