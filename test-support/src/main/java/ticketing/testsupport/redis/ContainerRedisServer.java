package ticketing.testsupport.redis;

import org.testcontainers.containers.GenericContainer;

import ticketing.testsupport.ContainerImages;

/** Redis in a container, the same version as the docker compose demo. */
public final class ContainerRedisServer implements RedisTestServer {

	private final GenericContainer<?> container;

	private ContainerRedisServer(GenericContainer<?> container) {
		this.container = container;
	}

	@SuppressWarnings("resource") // closed in close()
	public static ContainerRedisServer start() {
		GenericContainer<?> container = new GenericContainer<>(ContainerImages.REDIS).withExposedPorts(6379);
		container.start();
		return new ContainerRedisServer(container);
	}

	@Override
	public String host() {
		return container.getHost();
	}

	@Override
	public int port() {
		return container.getMappedPort(6379);
	}

	@Override
	public void close() {
		container.stop();
	}

}
