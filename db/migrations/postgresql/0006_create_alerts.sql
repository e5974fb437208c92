-- Deadline alerts (raised once per case, kind and due date: dedupe_key is unique), their webhook deliveries,
-- and each agency's alert settings.
CREATE TABLE alerts (
    id               VARCHAR(36) NOT NULL PRIMARY KEY,
    kind             VARCHAR(200) NOT NULL,
    case_id          VARCHAR(36) NULL,
    agency_code      VARCHAR(20) NOT NULL REFERENCES agencies (code),
    due_on           DATE NULL,
    dedupe_key       VARCHAR(200) NOT NULL UNIQUE,
    recipients       TEXT NOT NULL,
    details          TEXT NULL,
    raised_at        TIMESTAMPTZ NOT NULL,
    acknowledged_at  TIMESTAMPTZ NULL,
    acknowledged_by  VARCHAR(200) NULL,
    resolved_at      TIMESTAMPTZ NULL
);

CREATE INDEX ix_alerts_agency_open ON alerts (agency_code, resolved_at);

CREATE TABLE agency_settings (
    agency_code          VARCHAR(20) NOT NULL PRIMARY KEY REFERENCES agencies (code),
    close_lapsed_cases   BOOLEAN NOT NULL DEFAULT FALSE,
    webhook_url          VARCHAR(200) NULL,
    webhook_secret       VARCHAR(200) NULL
);

CREATE TABLE webhook_deliveries (
    id            VARCHAR(36) NOT NULL PRIMARY KEY,
    alert_id      VARCHAR(36) NOT NULL REFERENCES alerts (id),
    agency_code   VARCHAR(20) NOT NULL,
    url           VARCHAR(200) NOT NULL,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER NULL,
    error         VARCHAR(200) NULL,
    delivered     BOOLEAN NOT NULL,
    attempted_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_webhook_deliveries_alert ON webhook_deliveries (alert_id);
