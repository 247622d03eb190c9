package ticketing.notification.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The streaming pages the API links to.
 *
 * @param urlTemplate the page of a content, a URI template with {@code {contentId}}, such as
 *                    {@code https://stream.example.com/contents/{contentId}}
 */
@ConfigurationProperties("notification.streaming")
record StreamingSettings(String urlTemplate) {
}
