package ticketing.testsupport.s3;

import java.net.URI;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * S3Proxy in this JVM on a free port of 127.0.0.1, keeping objects in memory: a real HTTP server that checks V4
 * signatures and speaks the S3 API, path-style.
 */
public final class InProcessS3Server implements S3TestServer {

	private static final String ACCESS_KEY = "test-access-key";

	private static final String SECRET_KEY = "test-secret-key";

	private final S3Proxy proxy;

	private final URI endpoint;

	private InProcessS3Server(S3Proxy proxy, URI endpoint) {
		this.proxy = proxy;
		this.endpoint = endpoint;
	}

	public static InProcessS3Server start() {
		Properties properties = new Properties();
		properties.setProperty("jclouds.identity", ACCESS_KEY);
		properties.setProperty("jclouds.credential", SECRET_KEY);
		BlobStore blobStore = BlobStores.create("transient-nio2", properties);
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(blobStore)
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.endpoint(URI.create("http://127.0.0.1:0"))
			.build();
		try {
			proxy.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the in-process S3 server", ex);
		}
		return new InProcessS3Server(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
	}

	@Override
	public URI endpoint() {
		return endpoint;
	}

	@Override
	public String accessKey() {
		return ACCESS_KEY;
	}

	@Override
	public String secretKey() {
		return SECRET_KEY;
	}

	@Override
	public void close() throws Exception {
		proxy.stop();
	}

}
