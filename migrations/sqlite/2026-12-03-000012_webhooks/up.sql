-- Webhook subscriptions: where the service posts events, signed the Standard Webhooks way.
-- The scope says whose events a subscription receives: a company's (an sme member's
-- subscription), a buyer organisation's (a buyer member's), or everyone's (staff: both null).
-- The secret is kept as it was handed out: the worker signs with it, so it cannot be hashed.
-- After a rotation the previous secret signs too, until previous_secret_until.
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    company_id TEXT REFERENCES companies (id),
    buyer_id TEXT REFERENCES buyers (id),
    url TEXT NOT NULL,
    -- A JSON array of event type names, or ["*"] for all.
    event_types TEXT NOT NULL,
    description TEXT,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until TIMESTAMP,
    disabled_at TIMESTAMP,
    disabled_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (company_id IS NULL OR buyer_id IS NULL)
);
CREATE INDEX webhook_subscriptions_company ON webhook_subscriptions (company_id);
CREATE INDEX webhook_subscriptions_buyer ON webhook_subscriptions (buyer_id);

-- Every attempt to deliver a webhook message (an outbox row with channel 'webhook'): kept
-- 30 days for the subscriber to read, with the first KiB of the answer.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    outbox_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    status_code INTEGER,
    response_excerpt TEXT,
    error TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_of ON webhook_deliveries (subscription_id, id);

-- Per-object order: the claim looks for an earlier unsent row to the same subscription
-- about the same object.
CREATE INDEX outbox_webhook_order ON outbox (address, subject_id, id)
    WHERE channel = 'webhook' AND status = 'pending';
