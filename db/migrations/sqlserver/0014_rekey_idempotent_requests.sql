-- Idempotency records keyed by user AND agency (security.md "Who may do what": a replay never returns another
-- agency's data), holding no personal data: a command whose response carries personal data keeps only the id of
-- what it created (resource_ref) and a replay reads it again; other commands keep their response body. Records
-- live 24 hours (a Hangfire job purges older ones, by created_at). The old table is dropped, not copied: its rows
-- hold applicants' personal data in plain text and no agency, and only a retry of a request made before the upgrade
-- (within its last 24 hours) goes unrecognised.
DROP TABLE idempotent_requests;

CREATE TABLE idempotent_requests (
    user_id       NVARCHAR(100) NOT NULL,
    agency_code   NVARCHAR(20) NOT NULL,
    idem_key      NVARCHAR(100) NOT NULL,
    request_type  NVARCHAR(100) NOT NULL,
    request_hash  VARCHAR(64) NOT NULL,
    response      NVARCHAR(MAX) NULL,
    resource_ref  NVARCHAR(100) NULL,
    created_at    DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (user_id, agency_code, idem_key)
);

CREATE INDEX ix_idempotent_requests_created ON idempotent_requests (created_at);
