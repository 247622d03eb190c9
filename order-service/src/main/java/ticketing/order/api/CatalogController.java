package ticketing.order.api;

import java.util.List;

import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import ticketing.order.catalog.Content;
import ticketing.order.catalog.Contents;
import ticketing.order.catalog.User;
import ticketing.order.catalog.Users;
import ticketing.security.Caller;

/** The read-only catalogue: users and the contents on sale. */
@RestController
class CatalogController {

	private final Users users;

	private final Contents contents;

	CatalogController(Users users, Contents contents) {
		this.users = users;
		this.contents = contents;
	}

	@GetMapping(path = "/users/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	User user(Caller caller, @PathVariable @Positive long id) {
		caller.requireMayRead(id);
		return users.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no user " + id));
	}

	@GetMapping(path = "/contents", produces = MediaType.APPLICATION_JSON_VALUE)
	List<Content> contents() {
		return contents.findAllByOrderById();
	}

}
