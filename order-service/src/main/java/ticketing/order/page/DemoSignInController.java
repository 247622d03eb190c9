package ticketing.order.page;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import ticketing.order.catalog.Users;
import ticketing.security.issuer.TokenIssuer;

/**
 * The demo's sign-in: a visitor of the page picks a sample user (or the operator) and gets a bearer token signed with
 * the demo's key, as an identity provider would hand one out after a login. Only where
 * {@code ticketing.order.page.demo-sign-in-keys} names the demo's key folder ({@code ./demo}, compose); a deployment
 * leaves it unset, and this endpoint does not exist there.
 */
@RestController
@ConditionalOnProperty("ticketing.order.page.demo-sign-in-keys")
class DemoSignInController {

	/** A working day of clicking around the demo. */
	static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

	private final TokenIssuer issuer;

	private final Users users;

	DemoSignInController(PageSettings settings, Users users) {
		this.issuer = TokenIssuer.load(settings.demoSignInKeys());
		this.users = users;
	}

	@Operation(summary = "Demo only: a bearer token for a sample user, or for the operator",
			description = "Exists only where ticketing.order.page.demo-sign-in-keys is set (./demo, compose).")
	@ApiResponse(responseCode = "200", description = "The token")
	@ApiResponse(responseCode = "400", description = "Neither a userId nor operator=true, or both",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "No such user", content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = "/demo/sign-in", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	SignedIn signIn(@Valid @RequestBody SignInRequest request) {
		Instant expiresAt = Instant.now().plus(TOKEN_LIFETIME);
		boolean operator = Boolean.TRUE.equals(request.operator());
		if (operator && request.userId() == null) {
			return new SignedIn(this.issuer.operatorToken(TOKEN_LIFETIME), null, true, expiresAt, null);
		}
		if (operator || request.userId() == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Sign in as a user ({\"userId\": 100}) or as the operator ({\"operator\": true}), not both");
		}
		long userId = request.userId();
		String nickname = this.users.findById(userId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no user " + userId))
			.getNickname();
		return new SignedIn(this.issuer.userToken(userId, TOKEN_LIFETIME), userId, false, expiresAt, nickname);
	}

	@Operation(summary = "Demo only: the users the page offers to sign in as (the first 20 by id)")
	@GetMapping(path = "/demo/users", produces = MediaType.APPLICATION_JSON_VALUE)
	List<SampleUser> users() {
		return this.users.findTop20ByOrderById()
			.stream()
			.map((user) -> new SampleUser(user.getId(), user.getNickname()))
			.toList();
	}

	/**
	 * @param id       the user's id
	 * @param nickname their nickname
	 */
	record SampleUser(long id, String nickname) {
	}

	/**
	 * @param userId   the sample user to sign in as
	 * @param operator true to sign in as the operator instead
	 */
	record SignInRequest(@Positive @Nullable Long userId, @Nullable Boolean operator) {
	}

	/**
	 * @param token     the bearer token
	 * @param userId    the user it is for (none for the operator)
	 * @param operator  whether it grants the operator role
	 * @param expiresAt when it stops being accepted
	 * @param nickname  the user's nickname
	 */
	record SignedIn(String token, @Nullable Long userId, boolean operator, Instant expiresAt,
			@Nullable String nickname) {
	}

}
