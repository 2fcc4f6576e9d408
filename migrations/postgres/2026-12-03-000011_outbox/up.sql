-- The outbox: every message the service owes someone, written in the same transaction as the
-- change it tells of, so there is no message for a change rolled back and no change without
-- its message. One row per recipient and channel; the delivery worker claims due rows with a
-- lease (FOR UPDATE SKIP LOCKED, so several instances send each row once), sends, and marks
-- them. Rows are never deleted: a sent mail stays as the record that it was sent.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    -- The object the message is about (a meeting, a company…): a reminder is dropped or moved
    -- with its meeting, and deliveries about one object go out in order.
    subject_id TEXT NOT NULL,
    recipient_id TEXT REFERENCES users (id),
    address TEXT NOT NULL,
    locale TEXT NOT NULL CHECK (locale IN ('ja', 'en')),
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'sent', 'failed', 'dropped')),
    due_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    lease_until TIMESTAMP,
    leased_by TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (due_at) WHERE status = 'pending';
CREATE INDEX outbox_subject ON outbox (subject_id, created_at);
CREATE INDEX outbox_created ON outbox (created_at, id);
