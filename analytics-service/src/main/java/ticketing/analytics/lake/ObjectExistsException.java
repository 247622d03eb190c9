package ticketing.analytics.lake;

/**
 * A create-only upload was refused: an object starting at the same offset is already in the lake, written by another
 * writer (one that took the partition over while this one was paused) or by an earlier attempt of this one whose
 * answer was lost. What this writer holds in memory may overlap it, so it must be dropped, not retried.
 */
final class ObjectExistsException extends RuntimeException {

	ObjectExistsException(String key) {
		super("The lake already has " + key);
	}

}
