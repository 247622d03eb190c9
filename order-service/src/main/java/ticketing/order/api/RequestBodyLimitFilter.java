package ticketing.order.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code ticketing.order.api.max-body-size} with 413 before anything reads them. Tomcat
 * limits only form posts; a JSON body of any size would otherwise be read into memory. A declared Content-Length is
 * checked up front; a chunked body is counted while it is read and fails with {@link RequestBodyTooLargeException},
 * which {@link ApiProblems} answers with 413 too.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper json;

	RequestBodyLimitFilter(ApiProperties properties, JsonMapper json) {
		this.limit = properties.maxBodySize().toBytes();
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > limit) {
			writeProblem(request, response);
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	private void writeProblem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", HttpStatus.CONTENT_TOO_LARGE.getReasonPhrase());
		problem.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
		problem.put("detail", ApiProblems.tooLarge(limit));
		problem.put("instance", request.getRequestURI());
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// The unread body is not drained: the connection is closed after this response.
		response.setHeader("Connection", "close");
		json.writeValue(response.getOutputStream(), problem);
	}

	/** Counts the bytes read and stops at the limit. */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream in = super.getInputStream();
			return new ServletInputStream() {

				private long count;

				@Override
				public int read() throws IOException {
					int b = in.read();
					if (b >= 0) {
						count(1);
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					if (n > 0) {
						count(n);
					}
					return n;
				}

				private void count(int n) throws IOException {
					count += n;
					if (count > limit) {
						throw new RequestBodyTooLargeException(limit);
					}
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}

			};
		}

	}

}
