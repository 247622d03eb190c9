package ticketing.analytics.lake;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;

import ticketing.security.kafka.KafkaCredentials;

/**
 * A lake writer in a JVM of its own, so that a test can kill it at any moment without any clean shutdown (no flush,
 * no commit, no leave-group): what a crash or {@code kill -9} does. Arguments: bootstrap servers, topic, group id,
 * dead-letter topic, S3 endpoint, bucket, access key, secret key, max records, max age in milliseconds, Kafka user,
 * its password.
 */
public final class LakeWriterProcess {

	private LakeWriterProcess() {
	}

	public static void main(String[] args) throws InterruptedException {
		LakeSettings settings = LakeTestWriters.settings(args[1], args[2], args[3], false, Integer.parseInt(args[8]),
				Duration.ofMillis(Long.parseLong(args[9])),
				new LakeSettings.S3(URI.create(args[4]), "us-east-1", args[6], args[7], true, Duration.ofSeconds(3)),
				args[5]);
		LakeWriter writer = LakeTestWriters.writer(new KafkaCredentials(args[10], args[11]).clientConfigs(args[0]),
				settings, LakeFailureInjector.NONE, new ArrayList<>());
		writer.start();
		System.out.println("STARTED");
		// Runs until the test kills this process.
		new CountDownLatch(1).await();
	}

}
