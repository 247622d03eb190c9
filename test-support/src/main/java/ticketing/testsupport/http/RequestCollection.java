package ticketing.testsupport.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * A request collection in the {@code .http} format that IntelliJ's HTTP client and VS Code's REST Client run, read
 * so that a test can send every request exactly as written and check the status its title promises
 * ({@code ### 201: place an order}). Only what the collections here use: {@code @host} and other variables
 * ({@code @name = value}, used as {@code {{name}}}: the demo's bearer tokens) at the top, then per request a title, a
 * request line, headers, a blank line and an optional body.
 */
public final class RequestCollection {

	private static final Pattern TITLE = Pattern.compile("### (\\d{3}): (.+)");

	private static final Pattern VARIABLE = Pattern.compile("@([A-Za-z0-9_]+)\\s*=\\s*(.+)");

	private final String host;

	private final Map<String, String> variables;

	private final List<Request> requests;

	private RequestCollection(Map<String, String> variables, List<Request> requests) {
		this.host = variables.get("host");
		this.variables = Map.copyOf(variables);
		this.requests = List.copyOf(requests);
	}

	/** One request: its title, the status it is expected to get, and what is sent. */
	public record Request(String title, int expectedStatus, String method, String target, Map<String, String> headers,
			String body) {
	}

	public static RequestCollection read(Path file) throws IOException {
		Map<String, String> variables = new LinkedHashMap<>();
		List<Request> requests = new ArrayList<>();
		List<String> block = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			Matcher variable = VARIABLE.matcher(line.trim());
			if (block.isEmpty() && variable.matches()) {
				variables.put(variable.group(1), variable.group(2).trim());
			}
			else if (line.startsWith("###")) {
				addRequest(block, requests, file);
				block.clear();
				block.add(line);
			}
			else if (!block.isEmpty()) {
				block.add(line);
			}
		}
		addRequest(block, requests, file);
		if (!variables.containsKey("host")) {
			throw new IllegalArgumentException(file + " has no '@host = ...' line");
		}
		return new RequestCollection(variables, requests);
	}

	/** The host the file sends to ({@code ./demo}'s). */
	public String host() {
		return this.host;
	}

	public List<Request> requests() {
		return this.requests;
	}

	/** The variables the file defines at its top ({@code @name = value}), {@code host} among them. */
	public Map<String, String> variables() {
		return this.variables;
	}

	/**
	 * Sends the request to {@code baseUri} instead of the file's {@code @host}, with the file's variables, each
	 * replaced by the value {@code overrides} gives it, if any (the tests' own tokens instead of the placeholders).
	 */
	public HttpResponse<String> send(HttpClient client, Request request, URI baseUri, Map<String, String> overrides)
			throws IOException, InterruptedException {
		Map<String, String> values = new LinkedHashMap<>(this.variables);
		values.putAll(overrides);
		values.put("host", baseUri.toString().replaceAll("/$", ""));
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(substitute(request.target(), values)));
		request.headers().forEach((name, value) -> builder.header(name, substitute(value, values)));
		builder.method(request.method(), request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(substitute(request.body(), values)));
		return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Sends every request in order to {@code baseUri}; what did not get the status its title names, with the answer.
	 */
	public List<String> mismatches(HttpClient client, URI baseUri) throws IOException, InterruptedException {
		return mismatches(client, baseUri, Map.of());
	}

	/** As {@link #mismatches(HttpClient, URI)}, with some of the file's variables given other values. */
	public List<String> mismatches(HttpClient client, URI baseUri, Map<String, String> overrides)
			throws IOException, InterruptedException {
		List<String> mismatches = new ArrayList<>();
		for (Request request : this.requests) {
			HttpResponse<String> response = send(client, request, baseUri, overrides);
			if (response.statusCode() != request.expectedStatus()) {
				mismatches.add(request.title() + ": expected " + request.expectedStatus() + ", got "
						+ response.statusCode() + " " + response.body());
			}
		}
		return mismatches;
	}

	/** The operations of an OpenAPI document ({@code METHOD /path/{var}}) that no request of the collection calls. */
	public List<String> uncovered(JsonNode openApi) {
		List<String> uncovered = new ArrayList<>();
		openApi.get("paths").properties().forEach((path) -> path.getValue().propertyNames().forEach((method) -> {
			Pattern template = Pattern.compile(Arrays.stream(path.getKey().split("/", -1))
				.map((segment) -> segment.startsWith("{") ? "[^/?]+" : Pattern.quote(segment))
				.collect(Collectors.joining("/")) + "(\\?.*)?");
			boolean called = this.requests.stream()
				.anyMatch((request) -> request.method().equalsIgnoreCase(method)
						&& template.matcher(request.target().replace("{{host}}", "")).matches());
			if (!called) {
				uncovered.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
			}
		}));
		return uncovered;
	}

	private static String substitute(String text, Map<String, String> values) {
		String result = text;
		for (Map.Entry<String, String> value : values.entrySet()) {
			result = result.replace("{{" + value.getKey() + "}}", value.getValue());
		}
		return result;
	}

	private static void addRequest(List<String> block, List<Request> requests, Path file) {
		if (block.isEmpty()) {
			return;
		}
		Matcher title = TITLE.matcher(block.get(0).trim());
		if (!title.matches()) {
			throw new IllegalArgumentException(file + ": a title is '### <status>: <what>', not " + block.get(0));
		}
		List<String> lines = block.subList(1, block.size())
			.stream()
			.filter((line) -> !line.startsWith("#") && !line.startsWith("//"))
			.toList();
		int start = 0;
		while (start < lines.size() && lines.get(start).isBlank()) {
			start++;
		}
		String[] requestLine = lines.get(start).trim().split("\\s+");
		Map<String, String> headers = new LinkedHashMap<>();
		int index = start + 1;
		for (; index < lines.size() && !lines.get(index).isBlank(); index++) {
			String header = lines.get(index);
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
		}
		String body = String.join("\n", lines.subList(Math.min(index, lines.size()), lines.size())).trim();
		requests.add(new Request(title.group(2), Integer.parseInt(title.group(1)), requestLine[0], requestLine[1],
				headers, body));
	}

}
