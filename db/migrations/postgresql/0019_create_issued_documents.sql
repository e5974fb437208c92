-- Documents the office issues (文书, documents.md): issued copies, their numbers (文号), the agency's document settings and
-- templates, and the receipt's 查询码.
--
-- issued_documents: one row per issued document, never updated (a correction is a new row naming the one it replaces in
-- replaces_document_id; a document is replaced at most once). number (文号, e.g. 武政信补〔2026〕3号) is built from the
-- agency's prefix for the kind, year and sequence; (agency_code, kind, year, sequence) is unique. event_sequence: the
-- 0-based index in the case's events of the step it documents. fields_sealed: the issued title, addressee and fields as
-- JSON, and docx_sealed: the issued DOCX; both hold the applicant's name and address, so both are ASP.NET Core Data
-- Protection payloads (AES-256-GCM, keys in data_protection_keys) as applicant_sealed is (security.md "Personal data");
-- both become NULL when the retention job erases the case's personal data (the row, number and sha256 stay).
-- sha256: of the DOCX as issued (lower-case hex), the bytes a download returns. lookup_code_hash (Receipt only): HMAC-SHA256
-- of the 查询码 under the register's hash key; the code itself is never stored.
CREATE TABLE issued_documents (
    id                    VARCHAR(36) NOT NULL PRIMARY KEY,
    case_id               VARCHAR(36) NOT NULL REFERENCES cases (id),
    agency_code           VARCHAR(20) NOT NULL REFERENCES agencies (code),
    kind                  VARCHAR(40) NOT NULL,
    year                  INTEGER NOT NULL,
    sequence              INTEGER NOT NULL,
    number                VARCHAR(100) NOT NULL,
    title                 VARCHAR(200) NOT NULL,
    issued_on             DATE NOT NULL,
    event_sequence        INTEGER NOT NULL,
    fields_sealed         TEXT NULL,
    docx_sealed           BYTEA NULL,
    sha256                VARCHAR(64) NOT NULL,
    lookup_code_hash      VARCHAR(64) NULL,
    replaces_document_id  VARCHAR(36) NULL REFERENCES issued_documents (id),
    issued_by_id          VARCHAR(100) NOT NULL,
    issued_by_name        VARCHAR(200) NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_code, kind, year, sequence)
);

CREATE INDEX ix_issued_documents_case ON issued_documents (case_id, created_at);
CREATE UNIQUE INDEX ux_issued_documents_replaces ON issued_documents (replaces_document_id) WHERE replaces_document_id IS NOT NULL;

-- The last number (文号 sequence) taken per agency, kind and year (the year of the acting date); taken in the transaction
-- that inserts the document (INSERT … ON CONFLICT DO UPDATE locks the row until commit), so a failed issue gives its number
-- back and two issues never share one.
CREATE TABLE document_number_sequences (
    agency_code  VARCHAR(20) NOT NULL REFERENCES agencies (code),
    kind         VARCHAR(40) NOT NULL,
    year         INTEGER NOT NULL,
    last_value   INTEGER NOT NULL,
    PRIMARY KEY (agency_code, kind, year)
);

-- An agency's document settings: the review body (复议机关) and court named in the remedies clause of an answer (Art. 51).
CREATE TABLE agency_document_settings (
    agency_code   VARCHAR(20) NOT NULL PRIMARY KEY REFERENCES agencies (code),
    review_body   VARCHAR(200) NULL,
    review_court  VARCHAR(200) NULL,
    updated_by    VARCHAR(100) NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- The number prefix of each kind an agency set (e.g. SupplementNotice → 武政信补); a kind without one takes the default.
CREATE TABLE agency_document_prefixes (
    agency_code  VARCHAR(20) NOT NULL REFERENCES agencies (code),
    kind         VARCHAR(40) NOT NULL,
    prefix       VARCHAR(40) NOT NULL,
    PRIMARY KEY (agency_code, kind)
);

-- An agency's own DOCX template per kind (checked for unknown fields when uploaded); a subordinate without one uses the
-- nearest ancestor's, else the default.
CREATE TABLE document_templates (
    agency_code       VARCHAR(20) NOT NULL REFERENCES agencies (code),
    kind              VARCHAR(40) NOT NULL,
    content           BYTEA NOT NULL,
    sha256            VARCHAR(64) NOT NULL,
    uploaded_by_id    VARCHAR(100) NOT NULL,
    uploaded_by_name  VARCHAR(200) NOT NULL,
    uploaded_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_code, kind)
);
