-- Applicants' ID number, phone, e-mail and address encrypted at rest (security.md "Personal data"; PIPL Art. 28, 51).
-- applicant_sealed: the four values as one ASP.NET Core Data Protection payload (AES-256-GCM), keys in data_protection_keys.
-- applicant_id_hash: HMAC-SHA256 of the ID number (key in register_secrets, or PersonalData:HashKey) for search and duplicates.
-- From now on applicant_id_number, applicant_phone, applicant_email and applicant_address hold the masked forms only, so a
-- list never decrypts; rows written before this migration are sealed and masked by a start-up step (PersonalDataSealing).
ALTER TABLE cases ADD COLUMN applicant_sealed TEXT NULL;
ALTER TABLE cases ADD COLUMN applicant_id_hash VARCHAR(64) NULL;
CREATE INDEX ix_cases_applicant_id_hash ON cases (agency_code, applicant_id_hash);

CREATE TABLE data_protection_keys (
    friendly_name  VARCHAR(200) NOT NULL PRIMARY KEY,
    xml            TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE register_secrets (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    protected   TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- Every full read of an applicant's personal data (who, when, which case, why) and every erasure by the retention job.
CREATE TABLE personal_data_log (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    action       VARCHAR(20) NOT NULL,
    case_id      VARCHAR(36) NOT NULL,
    case_number  VARCHAR(50) NOT NULL,
    agency_code  VARCHAR(20) NOT NULL,
    user_id      VARCHAR(100) NOT NULL,
    user_name    VARCHAR(200) NOT NULL,
    reason       VARCHAR(500) NOT NULL,
    at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_personal_data_log_at ON personal_data_log (at);
CREATE INDEX ix_personal_data_log_case ON personal_data_log (case_id, at);

-- Years after closing that an applicant's personal data is kept (NULL: 10).
ALTER TABLE agency_settings ADD COLUMN retention_years INTEGER NULL;
