package ticketing.testsupport.s3;

import java.net.URI;

import org.testcontainers.containers.MinIOContainer;

import ticketing.testsupport.ContainerImages;

/** MinIO in a container, the S3 server of the docker compose demo. */
public final class MinioS3Server implements S3TestServer {

	private final MinIOContainer container;

	private MinioS3Server(MinIOContainer container) {
		this.container = container;
	}

	@SuppressWarnings("resource") // closed in close()
	public static MinioS3Server start() {
		MinIOContainer container = new MinIOContainer(ContainerImages.MINIO);
		container.start();
		return new MinioS3Server(container);
	}

	@Override
	public URI endpoint() {
		return URI.create(container.getS3URL());
	}

	@Override
	public String accessKey() {
		return container.getUserName();
	}

	@Override
	public String secretKey() {
		return container.getPassword();
	}

	@Override
	public void close() {
		container.stop();
	}

}
