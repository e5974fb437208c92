-- Deadline alerts (raised once per case, kind and due date: dedupe_key is unique), their webhook deliveries,
-- and each agency's alert settings.
CREATE TABLE alerts (
    id               NVARCHAR(36) NOT NULL PRIMARY KEY,
    kind             NVARCHAR(200) NOT NULL,
    case_id          NVARCHAR(36) NULL,
    agency_code      NVARCHAR(20) NOT NULL REFERENCES agencies (code),
    due_on           DATE NULL,
    dedupe_key       NVARCHAR(200) NOT NULL UNIQUE,
    recipients       NVARCHAR(MAX) NOT NULL,
    details          NVARCHAR(MAX) NULL,
    raised_at        DATETIMEOFFSET NOT NULL,
    acknowledged_at  DATETIMEOFFSET NULL,
    acknowledged_by  NVARCHAR(200) NULL,
    resolved_at      DATETIMEOFFSET NULL
);

CREATE INDEX ix_alerts_agency_open ON alerts (agency_code, resolved_at);

CREATE TABLE agency_settings (
    agency_code          NVARCHAR(20) NOT NULL PRIMARY KEY REFERENCES agencies (code),
    close_lapsed_cases   BIT NOT NULL DEFAULT 0,
    webhook_url          NVARCHAR(200) NULL,
    webhook_secret       NVARCHAR(200) NULL
);

CREATE TABLE webhook_deliveries (
    id            NVARCHAR(36) NOT NULL PRIMARY KEY,
    alert_id      NVARCHAR(36) NOT NULL REFERENCES alerts (id),
    agency_code   NVARCHAR(20) NOT NULL,
    url           NVARCHAR(200) NOT NULL,
    attempt       INT NOT NULL,
    status_code   INT NULL,
    error         NVARCHAR(200) NULL,
    delivered     BIT NOT NULL,
    attempted_at  DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_webhook_deliveries_alert ON webhook_deliveries (alert_id);
