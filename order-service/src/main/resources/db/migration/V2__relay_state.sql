-- Which database this is, and how far its relay got. Kafka outlives databases: a new database starts its order ids at
-- 1 again, and one restored from a backup has forgotten the batches published since the backup, so its relay would
-- publish orders whose ids (or events) the topic already has. The relay writes both values into every progress
-- record (in the batch's Kafka transaction) and stamps the batch number here (in the transaction that marks the
-- batch's rows published), and a relay becoming active refuses to publish when the progress topic names another
-- database, or a batch more than one ahead of this one. The documented `reconcile` command makes such a database
-- agree with the topic (see order-service/README.md).
CREATE TABLE relay_state (
    -- One row: the table describes the database itself.
    singleton       BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    -- Created with the schema, so a new database gets a new identity while pg_dump/pg_restore keeps it.
    database_id     UUID        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    -- The number of the last relay batch (Kafka transaction) whose rows this database knows to be published.
    batches_stamped BIGINT      NOT NULL CHECK (batches_stamped >= 0)
);

INSERT INTO relay_state (database_id, created_at, batches_stamped) VALUES (gen_random_uuid(), now(), 0);

-- `reconcile` gives an order whose id the topic already has (another database's order) a new id; the order's
-- idempotency key follows it.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_order_id_fkey;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES ticket_orders (id) ON UPDATE CASCADE;
