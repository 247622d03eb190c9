package ticketing.analytics.lake;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the lake holds: objects and records per event date. */
@RestController
class LakeSummaryController {

	private static final Logger log = LoggerFactory.getLogger(LakeSummaryController.class);

	private final LakeStore store;

	private final LakeSettings settings;

	LakeSummaryController(LakeStore store, LakeSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	@Operation(summary = "What the S3 lake holds: objects and records in all and per date")
	@ApiResponse(responseCode = "200", description = "The summary")
	@ApiResponse(responseCode = "401", description = "No valid bearer token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "The token does not grant the operator role",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "S3 cannot be read now; retry after Retry-After seconds",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/lake/summary")
	LakeSummary summary() {
		List<LakeStore.DateSummary> dates = this.store.summary();
		return new LakeSummary(this.store.bucket(), LakeObjectKey.topicPrefix(this.settings.topic()),
				dates.stream().mapToLong(LakeStore.DateSummary::objects).sum(),
				dates.stream().mapToLong(LakeStore.DateSummary::records).sum(),
				dates.stream().map((date) -> new DateCount(date.date(), date.objects(), date.records())).toList());
	}

	/** S3 cannot be reached: a 503 problem, asking again later is the right reaction. */
	@ExceptionHandler(SdkException.class)
	ResponseEntity<ProblemDetail> s3Unavailable(SdkException ex) {
		log.warn("The lake summary could not read S3: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The lake's S3 storage cannot be read now.");
		problem.setTitle("Lake temporarily unavailable");
		problem.setType(URI.create("urn:ticketing:problem:lake-unavailable"));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	/**
	 * The lake's content.
	 *
	 * @param bucket   the bucket
	 * @param prefix   the prefix of the objects counted (the topic)
	 * @param objects  objects in all
	 * @param records  records in all
	 * @param dates    per event date, oldest first
	 */
	record LakeSummary(String bucket, String prefix, long objects, long records, List<DateCount> dates) {
	}

	/**
	 * @param date     the event date (UTC)
	 * @param objects  objects of that date
	 * @param records  records in them
	 */
	record DateCount(LocalDate date, long objects, long records) {
	}

}
