package ticketing.testsupport.postgres;

import org.testcontainers.postgresql.PostgreSQLContainer;

import ticketing.testsupport.ContainerImages;

/** PostgreSQL in a container, the same major version as the docker compose demo. */
public final class ContainerPostgresServer implements PostgresTestServer {

	private final PostgreSQLContainer container;

	private ContainerPostgresServer(PostgreSQLContainer container) {
		this.container = container;
	}

	@SuppressWarnings("resource") // closed in close()
	public static ContainerPostgresServer start() {
		PostgreSQLContainer container = new PostgreSQLContainer(ContainerImages.POSTGRES);
		container.start();
		return new ContainerPostgresServer(container);
	}

	@Override
	public String host() {
		return container.getHost();
	}

	@Override
	public int port() {
		return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
	}

	@Override
	public String username() {
		return container.getUsername();
	}

	@Override
	public String password() {
		return container.getPassword();
	}

	@Override
	public void close() {
		container.stop();
	}

}
