-- The case register on SQL Server: the same tables as db/migrations/sqlite/0001_create_register.sql,
-- with dates as DATE, instants as DATETIMEOFFSET (UTC), flags as BIT and text as NVARCHAR (Chinese).

CREATE TABLE agencies (
    code         NVARCHAR(20) NOT NULL PRIMARY KEY,
    name         NVARCHAR(200) NOT NULL,
    parent_code  NVARCHAR(20) NULL REFERENCES agencies (code),
    created_at   DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_agencies_parent ON agencies (parent_code);

CREATE TABLE cases (
    id                  NVARCHAR(36) NOT NULL PRIMARY KEY,
    case_number         NVARCHAR(40) NOT NULL UNIQUE,
    agency_code         NVARCHAR(20) NOT NULL REFERENCES agencies (code),
    channel             NVARCHAR(20) NOT NULL,
    letter_mail         NVARCHAR(20) NULL,
    submitted_on        DATE NOT NULL,
    received_on         DATE NULL,
    regime              NVARCHAR(20) NULL,
    status              NVARCHAR(30) NOT NULL,
    due_on              DATE NULL,
    due_on_provisional  BIT NOT NULL DEFAULT 0,
    extended            BIT NOT NULL DEFAULT 0,
    outcome             NVARCHAR(60) NULL,
    decided_on          DATE NULL,
    closed_on           DATE NULL,
    closed_late         BIT NOT NULL DEFAULT 0,
    applicant_kind      NVARCHAR(30) NOT NULL,
    applicant_name      NVARCHAR(200) NOT NULL,
    applicant_key       NVARCHAR(210) NOT NULL,
    applicant_id_number NVARCHAR(40) NULL,
    applicant_phone     NVARCHAR(40) NULL,
    applicant_email     NVARCHAR(200) NULL,
    applicant_address   NVARCHAR(500) NULL,
    description         NVARCHAR(MAX) NOT NULL,
    delivery_form       NVARCHAR(20) NULL,
    assigned_user_id    NVARCHAR(100) NULL,
    assigned_user_name  NVARCHAR(200) NULL,
    version             INTEGER NOT NULL,
    created_at          DATETIMEOFFSET NOT NULL,
    updated_at          DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_cases_agency_status_due ON cases (agency_code, status, due_on);
CREATE INDEX ix_cases_agency_received ON cases (agency_code, received_on);
CREATE INDEX ix_cases_agency_closed ON cases (agency_code, closed_on);
CREATE INDEX ix_cases_open_due ON cases (status, due_on);
CREATE INDEX ix_cases_applicant_month ON cases (agency_code, applicant_key, received_on);

CREATE TABLE case_history (
    case_id      NVARCHAR(36) NOT NULL REFERENCES cases (id),
    seq          INTEGER NOT NULL,
    kind         NVARCHAR(40) NOT NULL,
    acting_on    DATE NOT NULL,
    payload      NVARCHAR(MAX) NULL,
    recorded_at  DATETIMEOFFSET NOT NULL,
    actor_id     NVARCHAR(100) NOT NULL,
    actor_name   NVARCHAR(200) NOT NULL,
    due_before   DATE NULL,
    due_after    DATE NULL,
    note         NVARCHAR(MAX) NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_number_sequences (
    agency_code  NVARCHAR(20) NOT NULL,
    year         INTEGER NOT NULL,
    last_value   INTEGER NOT NULL,
    PRIMARY KEY (agency_code, year)
);

CREATE TABLE idempotent_requests (
    user_id       NVARCHAR(100) NOT NULL,
    idem_key      NVARCHAR(100) NOT NULL,
    request_type  NVARCHAR(100) NOT NULL,
    request_hash  VARCHAR(64) NOT NULL,
    response      NVARCHAR(MAX) NOT NULL,
    created_at    DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

CREATE TABLE proceedings (
    id            NVARCHAR(36) NOT NULL PRIMARY KEY,
    case_id       NVARCHAR(36) NULL REFERENCES cases (id),
    agency_code   NVARCHAR(20) NOT NULL REFERENCES agencies (code),
    kind          NVARCHAR(30) NOT NULL,
    filed_on      DATE NOT NULL,
    result        NVARCHAR(20) NULL,
    concluded_on  DATE NULL,
    created_at    DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_proceedings_agency_filed ON proceedings (agency_code, filed_on);

CREATE TABLE complaints (
    id           NVARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code  NVARCHAR(20) NOT NULL REFERENCES agencies (code),
    received_on  DATE NOT NULL,
    subject      NVARCHAR(MAX) NOT NULL,
    created_at   DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_complaints_agency_received ON complaints (agency_code, received_on);

CREATE TABLE calendar_notices (
    year        INTEGER NOT NULL PRIMARY KEY,
    notice      NVARCHAR(MAX) NOT NULL,
    loaded_at   DATETIMEOFFSET NOT NULL,
    loaded_by   NVARCHAR(200) NOT NULL
);
