-- The case register on PostgreSQL: the same tables as db/migrations/sqlite/0001_create_register.sql,
-- with dates as DATE, instants as TIMESTAMPTZ (UTC) and flags as BOOLEAN.

CREATE TABLE agencies (
    code         VARCHAR(20) NOT NULL PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    parent_code  VARCHAR(20) NULL REFERENCES agencies (code),
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_agencies_parent ON agencies (parent_code);

CREATE TABLE cases (
    id                  VARCHAR(36) NOT NULL PRIMARY KEY,
    case_number         VARCHAR(40) NOT NULL UNIQUE,
    agency_code         VARCHAR(20) NOT NULL REFERENCES agencies (code),
    channel             VARCHAR(20) NOT NULL,
    letter_mail         VARCHAR(20) NULL,
    submitted_on        DATE NOT NULL,
    received_on         DATE NULL,
    regime              VARCHAR(20) NULL,
    status              VARCHAR(30) NOT NULL,
    due_on              DATE NULL,
    due_on_provisional  BOOLEAN NOT NULL DEFAULT FALSE,
    extended            BOOLEAN NOT NULL DEFAULT FALSE,
    outcome             VARCHAR(60) NULL,
    decided_on          DATE NULL,
    closed_on           DATE NULL,
    closed_late         BOOLEAN NOT NULL DEFAULT FALSE,
    applicant_kind      VARCHAR(30) NOT NULL,
    applicant_name      VARCHAR(200) NOT NULL,
    applicant_key       VARCHAR(210) NOT NULL,
    applicant_id_number VARCHAR(40) NULL,
    applicant_phone     VARCHAR(40) NULL,
    applicant_email     VARCHAR(200) NULL,
    applicant_address   VARCHAR(500) NULL,
    description         TEXT NOT NULL,
    delivery_form       VARCHAR(20) NULL,
    assigned_user_id    VARCHAR(100) NULL,
    assigned_user_name  VARCHAR(200) NULL,
    version             INTEGER NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_cases_agency_status_due ON cases (agency_code, status, due_on);
CREATE INDEX ix_cases_agency_received ON cases (agency_code, received_on);
CREATE INDEX ix_cases_agency_closed ON cases (agency_code, closed_on);
CREATE INDEX ix_cases_open_due ON cases (status, due_on);
CREATE INDEX ix_cases_applicant_month ON cases (agency_code, applicant_key, received_on);

CREATE TABLE case_history (
    case_id      VARCHAR(36) NOT NULL REFERENCES cases (id),
    seq          INTEGER NOT NULL,
    kind         VARCHAR(40) NOT NULL,
    acting_on    DATE NOT NULL,
    payload      TEXT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    actor_id     VARCHAR(100) NOT NULL,
    actor_name   VARCHAR(200) NOT NULL,
    due_before   DATE NULL,
    due_after    DATE NULL,
    note         TEXT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_number_sequences (
    agency_code  VARCHAR(20) NOT NULL,
    year         INTEGER NOT NULL,
    last_value   INTEGER NOT NULL,
    PRIMARY KEY (agency_code, year)
);

CREATE TABLE idempotent_requests (
    user_id       VARCHAR(100) NOT NULL,
    idem_key      VARCHAR(100) NOT NULL,
    request_type  VARCHAR(100) NOT NULL,
    request_hash  VARCHAR(64) NOT NULL,
    response      TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

CREATE TABLE proceedings (
    id            VARCHAR(36) NOT NULL PRIMARY KEY,
    case_id       VARCHAR(36) NULL REFERENCES cases (id),
    agency_code   VARCHAR(20) NOT NULL REFERENCES agencies (code),
    kind          VARCHAR(30) NOT NULL,
    filed_on      DATE NOT NULL,
    result        VARCHAR(20) NULL,
    concluded_on  DATE NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_proceedings_agency_filed ON proceedings (agency_code, filed_on);

CREATE TABLE complaints (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code  VARCHAR(20) NOT NULL REFERENCES agencies (code),
    received_on  DATE NOT NULL,
    subject      TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_complaints_agency_received ON complaints (agency_code, received_on);

CREATE TABLE calendar_notices (
    year        INTEGER NOT NULL PRIMARY KEY,
    notice      TEXT NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL,
    loaded_by   VARCHAR(200) NOT NULL
);
