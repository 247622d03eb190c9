package ticketing.order.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** Something to buy a ticket for: a live show, a stage play, a movie, a comedy night, ... Read-only here. */
@Entity
@Table(name = "contents")
@Immutable
public class Content {

	@Id
	private long id;

	@Column(nullable = false)
	private String title;

	/** live, stage, movie, comedy, ...: free text, so that a new category needs no migration. */
	@Column(nullable = false)
	private String category;

	@Column(name = "published_at", nullable = false)
	private Instant publishedAt;

	protected Content() {
	}

	public long getId() {
		return id;
	}

	public String getTitle() {
		return title;
	}

	public String getCategory() {
		return category;
	}

	public Instant getPublishedAt() {
		return publishedAt;
	}

}
