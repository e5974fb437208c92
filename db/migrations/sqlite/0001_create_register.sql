-- The case register: agencies, cases (a projection kept in step with each case's history), the history
-- itself (every event of every case, the source the aggregate is rebuilt from), case-number sequences,
-- idempotent request results, proceedings, complaints and loaded holiday notices.

CREATE TABLE agencies (
    code         TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    parent_code  TEXT NULL REFERENCES agencies (code),
    created_at   TEXT NOT NULL
);

CREATE INDEX ix_agencies_parent ON agencies (parent_code);

CREATE TABLE cases (
    id                  TEXT NOT NULL PRIMARY KEY,
    case_number         TEXT NOT NULL UNIQUE,
    agency_code         TEXT NOT NULL REFERENCES agencies (code),
    channel             TEXT NOT NULL,
    letter_mail         TEXT NULL,
    submitted_on        TEXT NOT NULL,
    received_on         TEXT NULL,
    regime              TEXT NULL,
    status              TEXT NOT NULL,
    due_on              TEXT NULL,
    due_on_provisional  INTEGER NOT NULL DEFAULT 0,
    extended            INTEGER NOT NULL DEFAULT 0,
    outcome             TEXT NULL,
    decided_on          TEXT NULL,
    closed_on           TEXT NULL,
    closed_late         INTEGER NOT NULL DEFAULT 0,
    applicant_kind      TEXT NOT NULL,
    applicant_name      TEXT NOT NULL,
    applicant_key       TEXT NOT NULL,
    applicant_id_number TEXT NULL,
    applicant_phone     TEXT NULL,
    applicant_email     TEXT NULL,
    applicant_address   TEXT NULL,
    description         TEXT NOT NULL,
    delivery_form       TEXT NULL,
    assigned_user_id    TEXT NULL,
    assigned_user_name  TEXT NULL,
    version             INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE INDEX ix_cases_agency_status_due ON cases (agency_code, status, due_on);
CREATE INDEX ix_cases_agency_received ON cases (agency_code, received_on);
CREATE INDEX ix_cases_agency_closed ON cases (agency_code, closed_on);
CREATE INDEX ix_cases_open_due ON cases (status, due_on);
CREATE INDEX ix_cases_applicant_month ON cases (agency_code, applicant_key, received_on);

CREATE TABLE case_history (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    acting_on    TEXT NOT NULL,
    payload      TEXT NULL,
    recorded_at  TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    due_before   TEXT NULL,
    due_after    TEXT NULL,
    note         TEXT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_number_sequences (
    agency_code  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    last_value   INTEGER NOT NULL,
    PRIMARY KEY (agency_code, year)
);

CREATE TABLE idempotent_requests (
    user_id       TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_type  TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    response      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

CREATE TABLE proceedings (
    id            TEXT NOT NULL PRIMARY KEY,
    case_id       TEXT NULL REFERENCES cases (id),
    agency_code   TEXT NOT NULL REFERENCES agencies (code),
    kind          TEXT NOT NULL,
    filed_on      TEXT NOT NULL,
    result        TEXT NULL,
    concluded_on  TEXT NULL,
    created_at    TEXT NOT NULL
);

CREATE INDEX ix_proceedings_agency_filed ON proceedings (agency_code, filed_on);

CREATE TABLE complaints (
    id           TEXT NOT NULL PRIMARY KEY,
    agency_code  TEXT NOT NULL REFERENCES agencies (code),
    received_on  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE INDEX ix_complaints_agency_received ON complaints (agency_code, received_on);

CREATE TABLE calendar_notices (
    year        INTEGER NOT NULL PRIMARY KEY,
    notice      TEXT NOT NULL,
    loaded_at   TEXT NOT NULL,
    loaded_by   TEXT NOT NULL
);
