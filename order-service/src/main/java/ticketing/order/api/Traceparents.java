package ticketing.order.api;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * W3C Trace Context {@code traceparent} values for the events of orders: the context of the request's span where
 * tracing runs; without it, the order continues the caller's trace when the request carries a valid traceparent (a
 * new span id in the same trace), and starts a new trace otherwise.
 */
final class Traceparents {

	private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

	private static final String ZERO_TRACE_ID = "0".repeat(32);

	private static final String ZERO_SPAN_ID = "0".repeat(16);

	private static final SecureRandom RANDOM = new SecureRandom();

	private Traceparents() {
	}

	static String of(TraceContext context) {
		return "00-" + context.traceId() + "-" + context.spanId() + "-"
				+ (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
	}

	static String childOf(@Nullable String incoming) {
		if (incoming != null) {
			var matcher = VALID.matcher(incoming.trim());
			if (matcher.matches() && !matcher.group(1).equals(ZERO_TRACE_ID) && !matcher.group(2).equals(ZERO_SPAN_ID)) {
				return "00-" + matcher.group(1) + "-" + randomHex(8) + "-" + matcher.group(3);
			}
		}
		return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
