package ticketing.analytics.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

import ticketing.analytics.streams.StreamsSettings.StreamTopics;
import ticketing.security.kafka.KafkaCredentials;

/**
 * The service's topology, Streams configuration and failure handling in a JVM of its own, so that a test can kill it without any clean
 * shutdown (no close, no commit, no leave-group): what a crash or {@code kill -9} does.
 * Arguments: bootstrap servers, application id, state directory, the orders, live-orders, suspicious-users and
 * dead-letter topics, the commit interval in milliseconds, and the Kafka user and its password.
 */
public final class StreamsProcess {

	private StreamsProcess() {
	}

	public static void main(String[] args) throws InterruptedException {
		StreamTopics topics = new StreamTopics(args[3], args[4], args[5], args[6]);
		ItStreamsSettings settings = ItStreamsSettings.of(new KafkaCredentials(args[8], args[9]).clientConfigs(args[0]),
				args[1], Path.of(args[2]), topics,
				Duration.ofMillis(Long.parseLong(args[7])));
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, settings.settings().topics(), settings.settings().scalping());
		KafkaStreams streams = new KafkaStreams(builder.build(), settings.properties());
		streams.setStateListener((newState, oldState) -> System.out.println("STATE " + newState));
		streams.setUncaughtExceptionHandler(new StreamThreadFailures());
		streams.start();
		// Runs until the test kills this process.
		new CountDownLatch(1).await();
	}

}
