package ticketing.order.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * A ticket order: a user bought a ticket for a content. Never changed once placed. It refers to the user and the
 * content by id, not by association: they are the catalogue's, and an order is read without them.
 */
@Entity
@Table(name = "ticket_orders")
@Immutable
public class Order {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "user_id", nullable = false)
	private long userId;

	@Column(name = "content_id", nullable = false)
	private long contentId;

	/**
	 * The database's clock when the row is inserted (the column's default, {@code clock_timestamp()}), read back by
	 * the insert itself; not the transaction's start time, so that one user's orders, placed one after the other
	 * under the user's row lock, have increasing ids and times alike.
	 */
	@Generated
	@Column(name = "created_at", nullable = false)
	private @Nullable Instant createdAt;

	protected Order() {
	}

	Order(long userId, long contentId) {
		this.userId = userId;
		this.contentId = contentId;
	}

	public long getId() {
		if (id == null) {
			throw new IllegalStateException("The order is not saved yet");
		}
		return id;
	}

	public long getUserId() {
		return userId;
	}

	public long getContentId() {
		return contentId;
	}

	public Instant getCreatedAt() {
		if (createdAt == null) {
			throw new IllegalStateException("The order is not saved yet");
		}
		return createdAt;
	}

}
