package ticketing.testsupport.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans a Spring Boot test's service exports, kept in memory: {@code @Import(InMemorySpans.class)} beside
 * {@code @AutoConfigureTracing} (tests export nothing unless asked), then inject the {@link InMemorySpanExporter}.
 * Spring Boot adds every {@code SpanExporter} bean to the span processor.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InMemorySpans {

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

}
