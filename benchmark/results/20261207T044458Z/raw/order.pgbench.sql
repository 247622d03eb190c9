\set uid random(100, 104)
\set cid random(1, 6)
BEGIN;
SELECT id, nickname, registered_at FROM users WHERE id = :uid FOR NO KEY UPDATE;
SELECT id, title, category, published_at FROM contents WHERE id = :cid;
INSERT INTO ticket_orders (user_id, content_id, created_at) VALUES (:uid, :cid, clock_timestamp()) RETURNING id, user_id, content_id, created_at;
WITH event AS (INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at) VALUES (gen_random_uuid(), 'TicketOrderPlaced', :uid, '{"order_id":"1000000","user_id":"100","nickname":"kim","content_id":"1","title":"Midnight Jazz Live","category":"live","created_at":"2026-11-25T14:05:00.123456Z"}', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', clock_timestamp()) RETURNING id) INSERT INTO order_outbox_pending (id) SELECT id FROM event;
COMMIT;
