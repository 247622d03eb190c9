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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ticketing.testsupport.security.TestTokens;

/** A plain HTTP client for the service on its real port: raw bodies, any method, any content type. */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Pattern BODY_USER = Pattern.compile("\"userId\"\\s*:\\s*(\\d{1,18})(?!\\d)");

	private final String baseUrl;

	/** Who the requests are sent as: null for the default, empty for no token, else the Authorization header. */
	private final @Nullable String authorization;

	/**
	 * Requests as most tests mean them: a body that names a userId is sent with that user's token, any other request
	 * with an operator's (who may read every user's orders).
	 */
	public Http(int port) {
		this("http://127.0.0.1:" + port, null);
	}

	private Http(String baseUrl, @Nullable String authorization) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
	}

	/** Every request with this Authorization header, e.g. {@code TestTokens.user(100)}. */
	public Http as(String authorization) {
		return new Http(baseUrl, authorization);
	}

	/** Every request without a token. */
	public Http anonymous() {
		return new Http(baseUrl, "");
	}

	public HttpResponse<String> get(String path) {
		return send(authorized(HttpRequest.newBuilder(uri(path)).GET(), ""));
	}

	public HttpResponse<String> postJson(String path, String body, String... headers) {
		return sendAs("POST", path, "application/json", BodyPublishers.ofString(body), body, headers);
	}

	/** A body without Content-Length (chunked transfer encoding). */
	public HttpResponse<String> postChunked(String path, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return sendAs("POST", path, "application/json",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)), body);
	}

	public HttpResponse<String> send(String method, String path, String contentType, BodyPublisher body,
			String... headers) {
		return sendAs(method, path, contentType, body, "", headers);
	}

	private HttpResponse<String> sendAs(String method, String path, String contentType, BodyPublisher body,
			String bodyText, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, body)
			.header("Content-Type", contentType);
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(authorized(request, bodyText));
	}

	private HttpRequest.Builder authorized(HttpRequest.Builder request, String body) {
		if (authorization == null) {
			Matcher user = BODY_USER.matcher(body);
			request.setHeader("Authorization",
					user.find() ? TestTokens.user(Long.parseLong(user.group(1))) : TestTokens.operator());
		}
		else if (!authorization.isEmpty()) {
			request.setHeader("Authorization", authorization);
		}
		return request;
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
