package ticketing.benchmark;

/**
 * The SQL of a burst: N orders, their outbox rows and the relay's queue entries in one transaction, the rows the API
 * would have written (the event JSON built by PostgreSQL in the contract's snake_case form). Prints the first and last order id.
 */
final class Burst {

	private Burst() {
	}

	static String sql(int orders) {
		return """
				WITH o AS (
				    INSERT INTO ticket_orders (user_id, content_id, created_at)
				    SELECT 100 + g %% 5, 1 + g %% 6, clock_timestamp() FROM generate_series(1, %d) g
				    RETURNING id, user_id, content_id, created_at
				), e AS (
				    INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at)
				    SELECT gen_random_uuid(), 'TicketOrderPlaced', o.user_id::text,
				        json_build_object('order_id', o.id::text, 'user_id', o.user_id::text, 'nickname', u.nickname,
				            'content_id', o.content_id::text, 'title', c.title, 'category', c.category,
				            'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text,
				        '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', o.created_at
				    FROM o JOIN users u ON u.id = o.user_id JOIN contents c ON c.id = o.content_id
				    ORDER BY o.id
				    RETURNING id
				), q AS (
				    INSERT INTO order_outbox_pending (id) SELECT id FROM e
				    RETURNING 1
				)
				SELECT min(id), max(id) FROM o WHERE (SELECT count(*) FROM q) > 0;
				""".formatted(orders);
	}

}
