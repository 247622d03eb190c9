package ticketing.order.api;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * REST API limits.
 *
 * @param maxBodySize largest accepted request body (a larger one is answered 413)
 */
@ConfigurationProperties("ticketing.order.api")
@Validated
public record ApiProperties(@NotNull DataSize maxBodySize) {

}
