-- Deadline alerts (raised once per case, kind and due date: dedupe_key is unique), their webhook deliveries,
-- and each agency's alert settings.
CREATE TABLE alerts (
    id               TEXT NOT NULL PRIMARY KEY,
    kind             TEXT NOT NULL,
    case_id          TEXT NULL,
    agency_code      TEXT NOT NULL REFERENCES agencies (code),
    due_on           TEXT NULL,
    dedupe_key       TEXT NOT NULL UNIQUE,
    recipients       TEXT NOT NULL,
    details          TEXT NULL,
    raised_at        TEXT NOT NULL,
    acknowledged_at  TEXT NULL,
    acknowledged_by  TEXT NULL,
    resolved_at      TEXT NULL
);

CREATE INDEX ix_alerts_agency_open ON alerts (agency_code, resolved_at);

CREATE TABLE agency_settings (
    agency_code          TEXT NOT NULL PRIMARY KEY REFERENCES agencies (code),
    close_lapsed_cases   INTEGER NOT NULL DEFAULT 0,
    webhook_url          TEXT NULL,
    webhook_secret       TEXT NULL
);

CREATE TABLE webhook_deliveries (
    id            TEXT NOT NULL PRIMARY KEY,
    alert_id      TEXT NOT NULL REFERENCES alerts (id),
    agency_code   TEXT NOT NULL,
    url           TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER NULL,
    error         TEXT NULL,
    delivered     INTEGER NOT NULL,
    attempted_at  TEXT NOT NULL
);

CREATE INDEX ix_webhook_deliveries_alert ON webhook_deliveries (alert_id);
