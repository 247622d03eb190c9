package ticketing.order.api;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import ticketing.order.domain.IdempotencyKeyReusedException;
import ticketing.order.domain.UnknownReferenceException;

/**
 * Every error of the API as an RFC 9457 problem detail ({@code application/problem+json}) whose detail tells a person
 * what to change. Spring MVC's own errors (405, 415, 406, 404, missing parameters) come from the base class; bad
 * bodies, unknown references and reused idempotency keys are worded here. PostgreSQL being unreachable is a 503 that
 * the client may retry; anything else unexpected is a 500 without internals.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

	/** Seconds a client should wait before retrying after a 503. */
	private static final String RETRY_AFTER_SECONDS = "5";

	static String tooLarge(long limit) {
		return "The request body is larger than " + limit + " bytes; an order needs only userId and contentId";
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = causeOfType(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			return problem(ex, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), request);
		}
		return problem(ex, HttpStatus.BAD_REQUEST, describeUnreadableBody(ex), request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String sent = (ex.getContentType() != null) ? "'" + ex.getContentType() + "'" : "this Content-Type";
		ex.getBody().setDetail("The body must be JSON: send it with Content-Type: application/json, not " + sent);
		return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
			HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		ex.getBody().setDetail(ex.getMethod() + " is not supported here; use " + String.join(" or ",
				(ex.getSupportedMethods() != null) ? ex.getSupportedMethods() : new String[] { "another method" }));
		return super.handleHttpRequestMethodNotSupported(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + " " + error.getDefaultMessage())
			.sorted()
			.toList();
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The order is invalid: " + String.join("; ", errors));
		body.setProperty("errors", errors);
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()
						+ " (was " + result.getArgument() + ")"))
			.sorted()
			.collect(Collectors.joining("; "));
		return problem(ex, HttpStatus.BAD_REQUEST, detail, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "a parameter";
		Class<?> required = ex.getRequiredType();
		String expected = (required == null) ? "a valid value"
				: Number.class.isAssignableFrom(wrap(required)) ? "a whole number" : "a " + required.getSimpleName();
		return problem(ex, HttpStatus.BAD_REQUEST, name + " must be " + expected + ", not '" + ex.getValue() + "'",
				request);
	}

	@ExceptionHandler
	ResponseEntity<Object> unknownReference(UnknownReferenceException ex, WebRequest request) {
		return problem(ex, HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage(), request);
	}

	@ExceptionHandler
	ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException ex, WebRequest request) {
		return problem(ex, HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage(), request);
	}

	@ExceptionHandler
	ResponseEntity<Object> rateLimited(OrderRateLimitedException ex, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		return handleExceptionInternal(ex, body, headers, HttpStatus.TOO_MANY_REQUESTS, request);
	}

	/** PostgreSQL is down or unreachable: temporary, and the pool reconnects by itself once it is back. */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<Object> databaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable: {}", ex.getMessage());
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The order database is unavailable; nothing was changed. Retry in a few seconds");
		return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unexpected error", ex);
		return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged",
				request);
	}

	private ResponseEntity<Object> problem(Exception ex, HttpStatus status, String detail, WebRequest request) {
		ResponseEntity<Object> response = handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail),
				new HttpHeaders(), status, request);
		return (response != null) ? response : ResponseEntity.status(status).build();
	}

	private static String describeUnreadableBody(HttpMessageNotReadableException ex) {
		JacksonException cause = causeOfType(ex, JacksonException.class);
		if (cause == null) {
			return "The request body is missing; send a JSON object such as {\"userId\": 100, \"contentId\": 1}";
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + unknown.getPropertyName() + "'; an order has only userId and contentId";
		}
		if (cause instanceof InputCoercionException) {
			return "A number in the request body is out of range: " + cause.getOriginalMessage();
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getPropertyName();
			return "Field '" + field + "' must be a whole number (an id), not " + describeToken(mismatch);
		}
		if (cause instanceof MismatchedInputException) {
			return "The request body must be a JSON object such as {\"userId\": 100, \"contentId\": 1}";
		}
		if (cause instanceof StreamReadException) {
			return "The request body is not valid JSON (" + location(cause) + "): " + cause.getOriginalMessage();
		}
		return "The request body could not be read: " + cause.getOriginalMessage();
	}

	private static String describeToken(MismatchedInputException ex) {
		String message = ex.getOriginalMessage();
		if (message.contains("String")) {
			return "a string";
		}
		if (message.contains("Floating-point") || message.contains("floating-point")) {
			return "a decimal number";
		}
		if (message.contains("Boolean")) {
			return "a boolean";
		}
		if (message.contains("START_OBJECT") || message.contains("Object value")) {
			return "an object";
		}
		if (message.contains("START_ARRAY") || message.contains("Array value")) {
			return "an array";
		}
		return "this value";
	}

	private static String location(JacksonException ex) {
		return (ex.getLocation() == null) ? "unknown position"
				: "line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr();
	}

	private static Class<?> wrap(Class<?> type) {
		return type.isPrimitive() ? (type == long.class ? Long.class : (type == int.class ? Integer.class : type))
				: type;
	}

	private static <T extends Throwable> @Nullable T causeOfType(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
