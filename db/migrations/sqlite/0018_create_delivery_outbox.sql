-- The delivery outbox: one row per alert (or morning digest) and channel to deliver, written in the same transaction as
-- the alert, drained by a Hangfire job (DeliverOutbox). id is the delivery's idempotency key (receivers drop a re-send);
-- dedupe_key (alert id or digest/day/agency, then the channel) keeps one row per delivery. state: Pending → Sending
-- (claimed by claim_id until claimed_until; a crashed sender's claim lapses and the row is sent again) → Delivered;
-- Dropped (the agency no longer has that target), or Failed after the last attempt. source: the scan or command that
-- queued it (an e-mail carries one source's alerts).
CREATE TABLE delivery_outbox (
    id               TEXT NOT NULL PRIMARY KEY,
    dedupe_key       TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    agency_code      TEXT NOT NULL,
    alert_id         TEXT NULL,
    digest_day       TEXT NULL,
    source           TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    claim_id         TEXT NULL,
    claimed_until    TEXT NULL,
    last_error       TEXT NULL,
    queued_at        TEXT NOT NULL,
    delivered_at     TEXT NULL
);

CREATE INDEX ix_delivery_outbox_due ON delivery_outbox (state, next_attempt_at);
CREATE INDEX ix_delivery_outbox_claim ON delivery_outbox (claim_id);
