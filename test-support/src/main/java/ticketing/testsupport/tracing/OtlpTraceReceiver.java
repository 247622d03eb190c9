package ticketing.testsupport.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP trace receiver for tests: what a collector such as Jaeger receives from the services, kept in memory.
 * It listens on 127.0.0.1 at {@link #endpoint()} (the value of a service's
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}) and decodes the protobuf requests itself: the few
 * fields of a span a test asks about, read straight from the wire format of the OTLP trace protocol
 * (opentelemetry-proto's {@code trace/v1/trace.proto}), so that no generated code is needed.
 */
public final class OtlpTraceReceiver implements AutoCloseable {

	/** A received span; ids in lowercase hex, the parent's empty for a root span. */
	public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
			Kind kind, long startNanos, long endNanos, Map<String, String> attributes, boolean error) {
	}

	/** OpenTelemetry's span kinds, in their protocol order. */
	public enum Kind {

		UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER

	}

	private static final String PATH = "/v1/traces";

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private OtlpTraceReceiver(HttpServer server) {
		this.server = server;
		server.createContext(PATH, this::receive);
		server.start();
	}

	/** A receiver on a free port of 127.0.0.1. */
	public static OtlpTraceReceiver start() {
		try {
			return new OtlpTraceReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where to send spans: {@code http://127.0.0.1:<port>/v1/traces}. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + PATH;
	}

	/** Every span received so far, in the order they arrived. */
	public List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	/** The spans of one trace received so far. */
	public List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			if (encoding != null && !encoding.equals("identity")) {
				// The services send uncompressed protobuf (Spring Boot's default); anything else is a test's mistake
				exchange.sendResponseHeaders(415, -1);
				return;
			}
			this.spans.addAll(exportRequest(ByteBuffer.wrap(body.readAllBytes())));
			// An empty ExportTraceServiceResponse: everything accepted
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	// ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
	private static List<ReceivedSpan> exportRequest(ByteBuffer request) {
		List<ReceivedSpan> received = new ArrayList<>();
		forEachField(request, (field, value) -> {
			if (field == 1) {
				received.addAll(resourceSpans((ByteBuffer) value));
			}
		});
		return received;
	}

	// ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
	// Resource { repeated KeyValue attributes = 1; } ScopeSpans { repeated Span spans = 2; }
	private static List<ReceivedSpan> resourceSpans(ByteBuffer resourceSpans) {
		Map<String, String> resource = new LinkedHashMap<>();
		List<ByteBuffer> spans = new ArrayList<>();
		forEachField(resourceSpans, (field, value) -> {
			if (field == 1) {
				forEachField((ByteBuffer) value, (attribute, keyValue) -> {
					if (attribute == 1) {
						keyValue(resource, (ByteBuffer) keyValue);
					}
				});
			}
			else if (field == 2) {
				forEachField((ByteBuffer) value, (scopeField, span) -> {
					if (scopeField == 2) {
						spans.add((ByteBuffer) span);
					}
				});
			}
		});
		String service = resource.getOrDefault("service.name", "");
		return spans.stream().map((span) -> span(service, span)).toList();
	}

	// Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
	// fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
	// Status status = 15 } Status { StatusCode code = 3 } (2: ERROR)
	private static ReceivedSpan span(String service, ByteBuffer span) {
		String[] ids = { "", "", "" };
		String[] name = { "" };
		long[] numbers = new long[4];
		Map<String, String> attributes = new LinkedHashMap<>();
		forEachField(span, (field, value) -> {
			switch (field) {
				case 1 -> ids[0] = hex((ByteBuffer) value);
				case 2 -> ids[1] = hex((ByteBuffer) value);
				case 4 -> ids[2] = hex((ByteBuffer) value);
				case 5 -> name[0] = utf8((ByteBuffer) value);
				case 6 -> numbers[0] = (Long) value;
				case 7 -> numbers[1] = (Long) value;
				case 8 -> numbers[2] = (Long) value;
				case 9 -> keyValue(attributes, (ByteBuffer) value);
				case 15 -> forEachField((ByteBuffer) value, (statusField, code) -> {
					if (statusField == 3) {
						numbers[3] = (Long) code;
					}
				});
				default -> {
				}
			}
		});
		Kind kind = (numbers[0] >= 0 && numbers[0] < Kind.values().length) ? Kind.values()[(int) numbers[0]]
				: Kind.UNSPECIFIED;
		return new ReceivedSpan(service, ids[0], ids[1], ids[2], name[0], kind, numbers[1], numbers[2],
				Map.copyOf(attributes), numbers[3] == 2);
	}

	// KeyValue { string key = 1; AnyValue value = 2; }
	// AnyValue { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; }
	private static void keyValue(Map<String, String> into, ByteBuffer keyValue) {
		String[] key = { "" };
		String[] text = { "" };
		forEachField(keyValue, (field, value) -> {
			if (field == 1) {
				key[0] = utf8((ByteBuffer) value);
			}
			else if (field == 2) {
				forEachField((ByteBuffer) value, (kind, any) -> {
					switch (kind) {
						case 1 -> text[0] = utf8((ByteBuffer) any);
						case 2 -> text[0] = String.valueOf((Long) any != 0);
						case 3 -> text[0] = String.valueOf((long) (Long) any);
						case 4 -> text[0] = String.valueOf(Double.longBitsToDouble((Long) any));
						default -> {
						}
					}
				});
			}
		});
		into.put(key[0], text[0]);
	}

	/** What a field holds: a Long (varint, fixed64, fixed32) or a ByteBuffer (length-delimited). */
	private interface FieldVisitor {

		void field(int number, Object value);

	}

	/** Reads every field of a message in the protobuf wire format. */
	private static void forEachField(ByteBuffer message, FieldVisitor visitor) {
		ByteBuffer in = message.slice().order(ByteOrder.LITTLE_ENDIAN);
		while (in.hasRemaining()) {
			long tag = varint(in);
			int number = (int) (tag >>> 3);
			switch ((int) (tag & 7)) {
				case 0 -> visitor.field(number, varint(in));
				case 1 -> visitor.field(number, in.getLong());
				case 2 -> {
					int length = (int) varint(in);
					ByteBuffer value = in.slice(in.position(), length);
					in.position(in.position() + length);
					visitor.field(number, value);
				}
				case 5 -> visitor.field(number, (long) in.getInt());
				default -> throw new IllegalArgumentException("Unsupported protobuf wire type in field " + number);
			}
		}
	}

	private static long varint(ByteBuffer in) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte b = in.get();
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		throw new IllegalArgumentException("Malformed varint");
	}

	private static String hex(ByteBuffer bytes) {
		byte[] copy = new byte[bytes.remaining()];
		bytes.duplicate().get(copy);
		return HexFormat.of().formatHex(copy);
	}

	private static String utf8(ByteBuffer bytes) {
		return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
	}

}
