package ticketing.testsupport;

import java.util.List;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.utility.DockerImageName;

/**
 * Every image the tests start with Testcontainers (in the container mode, where Docker runs), pinned to a release.
 * docker-compose.yml runs the same ones; {@code DockerComposeTests} keeps the two together and each image to a
 * registry that serves it.
 */
public final class ContainerImages {

	/** The official image, at the version of the Kafka clients on the classpath. */
	public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka")
		.withTag(AppInfoParser.getVersion());

	public static final DockerImageName POSTGRES = DockerImageName.parse("postgres:17.6-alpine");

	public static final DockerImageName REDIS = DockerImageName.parse("redis:7.4.6-alpine");

	/**
	 * MinIO's last community release, from MinIO's own registry: Docker Hub stopped serving {@code minio/minio}
	 * (September 2026, "pull access denied").
	 */
	public static final DockerImageName MINIO = DockerImageName
		.parse("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z")
		.asCompatibleSubstituteFor("minio/minio");

	private ContainerImages() {
	}

	public static List<DockerImageName> all() {
		return List.of(KAFKA, POSTGRES, REDIS, MINIO);
	}

}
