package ticketing.order.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * REST API limits.
 *
 * @param maxBodySize largest accepted request body (a larger one is answered 413)
 */
@ConfigurationProperties("ticketing.order.api")
public record ApiProperties(DataSize maxBodySize) {

}
