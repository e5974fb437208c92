-- The delivery outbox: one row per alert (or morning digest) and channel to deliver, written in the same transaction as
-- the alert, drained by a Hangfire job (DeliverOutbox). id is the delivery's idempotency key (receivers drop a re-send);
-- dedupe_key (alert id or digest/day/agency, then the channel) keeps one row per delivery. state: Pending → Sending
-- (claimed by claim_id until claimed_until; a crashed sender's claim lapses and the row is sent again) → Delivered;
-- Dropped (the agency no longer has that target), or Failed after the last attempt. source: the scan or command that
-- queued it (an e-mail carries one source's alerts).
CREATE TABLE delivery_outbox (
    id               VARCHAR(36) NOT NULL PRIMARY KEY,
    dedupe_key       VARCHAR(200) NOT NULL UNIQUE,
    channel          VARCHAR(20) NOT NULL,
    kind             VARCHAR(20) NOT NULL,
    agency_code      VARCHAR(20) NOT NULL,
    alert_id         VARCHAR(36) NULL,
    digest_day       DATE NULL,
    source           VARCHAR(36) NOT NULL,
    state            VARCHAR(20) NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    claim_id         VARCHAR(36) NULL,
    claimed_until    TIMESTAMPTZ NULL,
    last_error       VARCHAR(200) NULL,
    queued_at        TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ NULL
);

CREATE INDEX ix_delivery_outbox_due ON delivery_outbox (state, next_attempt_at);
CREATE INDEX ix_delivery_outbox_claim ON delivery_outbox (claim_id);
