-- The catalogue: read-only for this service (the sample data, or another system, fills it).
CREATE TABLE users (
    id            BIGINT      PRIMARY KEY,
    nickname      TEXT        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE contents (
    id           BIGINT      PRIMARY KEY,
    title        TEXT        NOT NULL,
    -- live, stage, movie, comedy, ...: free text so that a new category needs no migration.
    category     TEXT        NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ticket_orders (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    content_id BIGINT      NOT NULL REFERENCES contents (id),
    created_at TIMESTAMPTZ NOT NULL
);

-- GET /orders?userId=..: one user's orders, newest first.
CREATE INDEX ticket_orders_user_idx ON ticket_orders (user_id, id);
CREATE INDEX ticket_orders_content_idx ON ticket_orders (content_id);

-- The transactional outbox: one row per event, written in the same transaction as the order. The relay publishes
-- the rows WHERE published_at IS NULL (never "id > last seen": ids are drawn before commit, so a row with a smaller
-- id can become visible after a larger one), stamps published_at, and deletes old published rows.
CREATE TABLE order_outbox (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The event_id header: unique, and the same on every attempt to publish the row.
    event_id     UUID        NOT NULL UNIQUE,
    event_type   TEXT        NOT NULL,
    -- The Kafka record key: the user id, so that one user's events stay in order on one partition.
    record_key   TEXT        NOT NULL,
    -- The record value, exactly as the contract's TicketOrderJson wrote it.
    payload      TEXT        NOT NULL,
    traceparent  TEXT        NOT NULL,
    -- The record timestamp: when the order was placed.
    occurred_at  TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);

CREATE INDEX order_outbox_unpublished_idx ON order_outbox (id) WHERE published_at IS NULL;
CREATE INDEX order_outbox_published_idx ON order_outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay as soon as an order commits (NOTIFY is delivered at commit, never for a rolled-back transaction).
-- Polling stays as the safety net for a lost listener connection.
CREATE FUNCTION notify_order_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('order_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER order_outbox_notify AFTER INSERT ON order_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_order_outbox();

-- Idempotency-Key header values: the same key and request return the order it created, for a configurable time.
CREATE TABLE idempotency_keys (
    idempotency_key TEXT        PRIMARY KEY,
    -- SHA-256 of the request body's fields: the same key with another body is refused.
    request_hash    TEXT        NOT NULL,
    -- NULL only inside the transaction that claims the key and then places the order.
    order_id        BIGINT      REFERENCES ticket_orders (id),
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Which order-service instance runs the relay: a lease that its holder renews and that expires when it stops doing so.
-- The lease only keeps the other instances idle; Kafka's producer fencing is what stops a paused former holder.
CREATE TABLE relay_lease (
    name       TEXT        PRIMARY KEY,
    owner      TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
