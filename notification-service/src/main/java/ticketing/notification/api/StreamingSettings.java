package ticketing.notification.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The streaming pages the API links to.
 *
 * @param urlTemplate the page of a content, a URI template with {@code {contentId}}, such as
 *                    {@code https://stream.example.com/contents/{contentId}}
 */
@ConfigurationProperties("notification.streaming")
@Validated
record StreamingSettings(@NotNull @Pattern(regexp = "https?://.*\\{contentId}.*",
		message = "must be an http(s) URI template with {contentId} in it") String urlTemplate) {
}
