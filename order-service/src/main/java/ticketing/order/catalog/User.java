package ticketing.order.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A registered user, the buyer of orders. Read-only here: another system registers users. */
@Entity
@Table(name = "users")
@Immutable
public class User {

	@Id
	private long id;

	@Column(nullable = false)
	private String nickname;

	@Column(name = "registered_at", nullable = false)
	private Instant registeredAt;

	protected User() {
	}

	public long getId() {
		return id;
	}

	public String getNickname() {
		return nickname;
	}

	public Instant getRegisteredAt() {
		return registeredAt;
	}

}
