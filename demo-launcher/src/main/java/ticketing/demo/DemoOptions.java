package ticketing.demo;

import java.nio.file.Path;

/**
 * What {@code ./demo} was asked for.
 *
 * @param root    the repository's root folder (setup/ and the service jars are found from it)
 * @param dataDir where the demo keeps everything it writes (brokers' logs, S3 objects, embedded databases, logs)
 * @param reset   start from empty: delete the data folder first
 * @param infrastructureOnly start Kafka, S3, PostgreSQL and Redis but not the services (to run those from an IDE)
 */
record DemoOptions(Path root, Path dataDir, boolean reset, boolean infrastructureOnly) {

	static final String USAGE = """
			Usage: ./demo [--reset] [--data-dir=PATH] [--infrastructure-only]

			Starts the whole ticketing system in the foreground; Ctrl-C stops all of it.
			  --reset          delete the demo's data folder first and start from empty
			  --data-dir=PATH  where the demo keeps its data (default: .demo/ in the repository); another folder is
			                   another demo: its own database and Redis keys, never the default one's
			  --infrastructure-only
			                   Kafka, S3, PostgreSQL and Redis only: run the services yourself
			""";

	/** Where the demo keeps its data unless told otherwise: the folder whose stores have the README's names. */
	static Path defaultDataDir(Path root) {
		return root.resolve(".demo");
	}

	static DemoOptions parse(Path root, String... args) {
		Path dataDir = defaultDataDir(root);
		boolean reset = false;
		boolean infrastructureOnly = false;
		for (String arg : args) {
			if (arg.equals("--reset")) {
				reset = true;
			}
			else if (arg.equals("--infrastructure-only")) {
				infrastructureOnly = true;
			}
			else if (arg.equals("--help")) {
				continue;
			}
			else if (arg.startsWith("--data-dir=")) {
				dataDir = Path.of(arg.substring("--data-dir=".length())).toAbsolutePath();
			}
			else {
				throw new IllegalArgumentException("Unknown option '" + arg + "'.\n\n" + USAGE);
			}
		}
		return new DemoOptions(root, dataDir, reset, infrastructureOnly);
	}

}
