\set uid random(2000000, 2009999)
\set cid random(2000000, 2000099)
BEGIN;
select u1_0.id,u1_0.nickname,u1_0.registered_at from users u1_0 where u1_0.id=:uid for no key update of u1_0;
select c1_0.id,c1_0.category,c1_0.published_at,c1_0.title from contents c1_0 where c1_0.id=:cid;
insert into ticket_orders (content_id,user_id) values (:cid,:uid) returning id,created_at;
WITH event AS (INSERT INTO order_outbox (event_id, event_type, record_key, payload, traceparent, occurred_at) VALUES (gen_random_uuid(), 'TicketOrderPlaced', :uid, '{"order_id":"1000000","user_id":"2000000","nickname":"rush-user-2000000","content_id":"2000000","title":"Rush concert 2000000","category":"live","created_at":"2026-11-25T14:05:00.123456Z"}', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', clock_timestamp()) RETURNING id) INSERT INTO order_outbox_pending (id) SELECT id FROM event;
COMMIT;
