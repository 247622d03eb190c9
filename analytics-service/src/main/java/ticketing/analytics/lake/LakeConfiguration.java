package ticketing.analytics.lake;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

import ticketing.consumer.DeadLetters;
import ticketing.consumer.RecordTracing;

/** The lake: its S3 client and store, and the writer (unless {@code ticketing.lake.enabled} is false). */
@Configuration(proxyBeanMethods = false)
class LakeConfiguration {

	@Bean(destroyMethod = "close")
	S3Client lakeS3Client(LakeSettings settings) {
		return s3Client(settings.s3());
	}

	@Bean
	LakeStore lakeStore(S3Client lakeS3Client, LakeSettings settings) {
		return new LakeStore(lakeS3Client, settings.bucket(), settings.topic());
	}

	/** Writes dead letters as they were read; the same template every consumer of ticket-order uses. */
	@Bean(destroyMethod = "destroy")
	@ConditionalOnBooleanProperty(name = "ticketing.lake.enabled", matchIfMissing = true)
	KafkaTemplate<Object, Object> lakeDeadLetterTemplate(KafkaProperties kafka) {
		return DeadLetters.deadLetterTemplate(kafka.buildProducerProperties());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ticketing.lake.enabled", matchIfMissing = true)
	LakeWriter lakeWriter(LakeSettings settings, LakeStore lakeStore, KafkaProperties kafka,
			KafkaTemplate<Object, Object> lakeDeadLetterTemplate, MeterRegistry meterRegistry,
			ObjectProvider<Propagator> propagator, Environment environment) {
		LakeWriter writer = new LakeWriter(settings, lakeStore,
				consumerProperties(kafka.buildConsumerProperties(), settings),
				DeadLetters.counted(DeadLetters.recoverer(lakeDeadLetterTemplate, settings.deadLetterTopic()),
						meterRegistry, settings.groupId()),
				DeadLetters.retryForever(settings.retryInitial(), settings.retryMax()), LakeFailureInjector.NONE,
				// A span per record, from its read until its object is in S3
				RecordTracing.of(propagator, environment, settings.groupId()));
		writer.bindConsumerMetrics(meterRegistry);
		return writer;
	}

	/**
	 * lake.records.read, lake.records.written, lake.objects.written, lake.objects.refused, lake.uploads.failed and
	 * lake.order-to-lake, next to the consumer's own metrics.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "ticketing.lake.enabled", matchIfMissing = true)
	MeterBinder lakeMetrics(LakeWriter lakeWriter) {
		return (registry) -> {
			FunctionCounter.builder("lake.records.read", lakeWriter, LakeWriter::recordsRead)
				.description("Records read by the lake writer, again after a crash, poison records included")
				.register(registry);
			FunctionCounter.builder("lake.objects.written", lakeWriter, LakeWriter::objectsWritten)
				.description("Objects the lake writer put into S3")
				.register(registry);
			FunctionCounter.builder("lake.uploads.failed", lakeWriter, LakeWriter::uploadsFailed)
				.description("Uploads to S3 that failed and are retried, nothing committed meanwhile (S3 away)")
				.register(registry);
			FunctionCounter.builder("lake.records.written", lakeWriter, LakeWriter::recordsWritten)
				.description("Records in the objects the lake writer put into S3")
				.register(registry);
			FunctionTimer
				.builder("lake.order-to-lake", lakeWriter, LakeWriter::objectsTimed, LakeWriter::orderToLakeNanos,
						TimeUnit.NANOSECONDS)
				.description("Per object written, from its oldest record's timestamp (the order) to the object in S3: "
						+ "how far behind the orders the lake is, max-age included")
				.register(registry);
			FunctionCounter.builder("lake.objects.refused", lakeWriter, LakeWriter::objectsRefused)
				.description("Objects S3 refused to create because another writer had written from that offset")
				.register(registry);
		};
	}

	/**
	 * The consumer of the lake: what the writer's correctness relies on is set here, not left to configuration: only
	 * committed records, no automatic commits, the shared poison-tolerant deserializers.
	 */
	static Map<String, Object> consumerProperties(Map<String, Object> base, LakeSettings settings) {
		Map<String, Object> props = new HashMap<>(base);
		props.putAll(settings.properties());
		props.putAll(DeadLetters.ticketOrderConsumerProperties());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
		return props;
	}

	/** The configured key pair, or else the SDK's default chain (AWS_ACCESS_KEY_ID, profiles, instance roles). */
	private static AwsCredentialsProvider credentials(LakeSettings.S3 s3) {
		if (s3.accessKey().isBlank()) {
			return DefaultCredentialsProvider.builder().build();
		}
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
	}

	static S3Client s3Client(LakeSettings.S3 s3) {
		return S3Client.builder()
			.endpointOverride(s3.endpoint())
			.region(Region.of(s3.region()))
			.forcePathStyle(s3.pathStyle())
			.credentialsProvider(credentials(s3))
			// Checksums only where the API requires them: not every S3-compatible server knows the newer ones.
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.overrideConfiguration((config) -> config.apiCallTimeout(s3.callTimeout()))
			.build();
	}

}
