-- The relay's queue of unpublished events, apart from the events themselves. Marking a batch of 5000 events
-- published was an UPDATE of 5000 wide rows (each event copied into a new row version, two indexes changed): about
-- 110 ms of PostgreSQL per batch in the benchmark, on the cores the brokers need for that batch. Now the order's
-- transaction adds the event's id here too, the relay reads the events in the order of this table, and marking them
-- published deletes their ids from it: a few milliseconds for a batch. An event is published when its id is not here.
CREATE TABLE order_outbox_pending (
    -- order_outbox.id, inserted in the same statement as the event (no foreign key: it would cost every order a
    -- lookup, and nothing deletes an event that is still pending).
    id BIGINT PRIMARY KEY
);

INSERT INTO order_outbox_pending (id) SELECT id FROM order_outbox WHERE published_at IS NULL;

-- Published events are kept for published-retention, counted from when the order was placed; a BRIN index costs an
-- insert almost nothing and finds the old rows of an append-only table.
CREATE INDEX order_outbox_occurred_at_idx ON order_outbox USING brin (occurred_at);

DROP INDEX order_outbox_unpublished_idx;
DROP INDEX order_outbox_published_idx;
ALTER TABLE order_outbox DROP COLUMN published_at;
