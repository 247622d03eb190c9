package ticketing.notification.purchase;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the purchase store keeps its keys.
 *
 * @param keyPrefix the start of every key this service writes, such as {@code notification:}
 */
@ConfigurationProperties("notification.redis")
public record PurchaseStoreSettings(String keyPrefix) {
}
