-- Sample users and contents for the demo and the tests (never in the prod profile: ticketing.sample-data.enabled).
-- The sample orders are placed at startup through OrderService, so they go through the outbox like any other order.
INSERT INTO users (id, nickname, registered_at) VALUES
    (100, 'mina', TIMESTAMPTZ '2026-01-05 09:00:00+00'),
    (101, 'jun',  TIMESTAMPTZ '2026-02-11 18:30:00+00'),
    (102, 'sora', TIMESTAMPTZ '2026-03-20 12:15:00+00'),
    (103, 'leo',  TIMESTAMPTZ '2026-05-02 21:45:00+00'),
    (104, 'hana', TIMESTAMPTZ '2026-07-14 07:05:00+00')
ON CONFLICT (id) DO NOTHING;

INSERT INTO contents (id, title, category, published_at) VALUES
    (1, 'Seoul Jazz Night',      'live',   TIMESTAMPTZ '2026-09-01 10:00:00+00'),
    (2, 'Midnight Cinema',       'movie',  TIMESTAMPTZ '2026-09-15 10:00:00+00'),
    (3, 'Laugh Factory Night',   'comedy', TIMESTAMPTZ '2026-10-01 10:00:00+00'),
    (4, 'Hamlet',                'stage',  TIMESTAMPTZ '2026-10-10 10:00:00+00'),
    (5, 'Rock Arena Tour',       'live',   TIMESTAMPTZ '2026-10-20 10:00:00+00'),
    (6, 'Stand-up Sunday',       'comedy', TIMESTAMPTZ '2026-11-01 10:00:00+00')
ON CONFLICT (id) DO NOTHING;
