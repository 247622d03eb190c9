package ticketing.order.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether the sample catalogue and orders are loaded (the demo and the tests; not in prod)
 */
@ConfigurationProperties("ticketing.sample-data")
public record SampleDataProperties(boolean enabled) {

}
