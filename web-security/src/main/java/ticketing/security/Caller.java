package ticketing.security;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who sent a request, as its bearer token says: a shop user (the token's subject is their numeric user id), an
 * operator, or both. A handler method takes it as an argument.
 *
 * @param userId   the user the token was issued to, or null when its subject is not a user id (an operator's token)
 * @param operator whether the token grants the operator role
 */
public record Caller(@Nullable Long userId, boolean operator) {

	/** What a shop user's id looks like as a token's subject: a positive number, written without leading zeros. */
	private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,17}");

	/** The user id a token's subject (or a path's user id) names, or null when it is no shop user's. */
	public static @Nullable Long userIdOf(@Nullable String subject) {
		return (subject != null && USER_ID.matcher(subject).matches()) ? Long.valueOf(subject) : null;
	}

	/** The caller's own user id; 403 for a token that names no user, since the request acts as one. */
	public long requireUser() {
		if (userId == null) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN,
					"This request acts as a shop user, and the token's subject is not a user id; use a user's token");
		}
		return userId;
	}

	/** Whether the caller may read what belongs to the given user: their own, or any as an operator. */
	public boolean mayRead(long ownerId) {
		return operator || (userId != null && userId == ownerId);
	}

	/** 403 unless the caller may read what belongs to the given user. */
	public void requireMayRead(long ownerId) {
		if (!mayRead(ownerId)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN,
					"A token may read only its own user's data; this one is not user " + ownerId + "'s");
		}
	}

}
