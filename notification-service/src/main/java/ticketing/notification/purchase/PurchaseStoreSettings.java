package ticketing.notification.purchase;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the purchase store keeps its keys.
 *
 * @param keyPrefix the start of every key this service writes, such as {@code notification:}
 */
@ConfigurationProperties("notification.redis")
@Validated
public record PurchaseStoreSettings(@NotBlank String keyPrefix) {
}
