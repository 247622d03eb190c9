package ticketing.order;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the service on its real port: raw bodies, any method, any content type. */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public Http(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	public HttpResponse<String> postJson(String path, String body, String... headers) {
		return send("POST", path, "application/json", BodyPublishers.ofString(body), headers);
	}

	/** A body without Content-Length (chunked transfer encoding). */
	public HttpResponse<String> postChunked(String path, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send("POST", path, "application/json",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
	}

	public HttpResponse<String> send(String method, String path, String contentType, BodyPublisher body,
			String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, body)
			.header("Content-Type", contentType);
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create(baseUrl + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
