-- The delivery outbox: one row per alert (or morning digest) and channel to deliver, written in the same transaction as
-- the alert, drained by a Hangfire job (DeliverOutbox). id is the delivery's idempotency key (receivers drop a re-send);
-- dedupe_key (alert id or digest/day/agency, then the channel) keeps one row per delivery. state: Pending → Sending
-- (claimed by claim_id until claimed_until; a crashed sender's claim lapses and the row is sent again) → Delivered;
-- Dropped (the agency no longer has that target), or Failed after the last attempt. source: the scan or command that
-- queued it (an e-mail carries one source's alerts).
CREATE TABLE delivery_outbox (
    id               NVARCHAR(36) NOT NULL PRIMARY KEY,
    dedupe_key       NVARCHAR(200) NOT NULL UNIQUE,
    channel          NVARCHAR(20) NOT NULL,
    kind             NVARCHAR(20) NOT NULL,
    agency_code      NVARCHAR(20) NOT NULL,
    alert_id         NVARCHAR(36) NULL,
    digest_day       DATE NULL,
    source           NVARCHAR(36) NOT NULL,
    state            NVARCHAR(20) NOT NULL,
    attempts         INT NOT NULL DEFAULT 0,
    next_attempt_at  DATETIMEOFFSET NOT NULL,
    claim_id         NVARCHAR(36) NULL,
    claimed_until    DATETIMEOFFSET NULL,
    last_error       NVARCHAR(200) NULL,
    queued_at        DATETIMEOFFSET NOT NULL,
    delivered_at     DATETIMEOFFSET NULL
);

CREATE INDEX ix_delivery_outbox_due ON delivery_outbox (state, next_attempt_at);
CREATE INDEX ix_delivery_outbox_claim ON delivery_outbox (claim_id);
