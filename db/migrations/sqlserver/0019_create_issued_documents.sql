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
    id                    NVARCHAR(36) NOT NULL PRIMARY KEY,
    case_id               NVARCHAR(36) NOT NULL REFERENCES cases (id),
    agency_code           NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES agencies (code),
    kind                  NVARCHAR(40) NOT NULL,
    year                  INT NOT NULL,
    sequence              INT NOT NULL,
    number                NVARCHAR(100) NOT NULL,
    title                 NVARCHAR(200) NOT NULL,
    issued_on             DATE NOT NULL,
    event_sequence        INT NOT NULL,
    fields_sealed         NVARCHAR(MAX) NULL,
    docx_sealed           VARBINARY(MAX) NULL,
    sha256                NVARCHAR(64) NOT NULL,
    lookup_code_hash      NVARCHAR(64) NULL,
    replaces_document_id  NVARCHAR(36) NULL REFERENCES issued_documents (id),
    issued_by_id          NVARCHAR(100) NOT NULL,
    issued_by_name        NVARCHAR(200) NOT NULL,
    created_at            DATETIMEOFFSET NOT NULL,
    UNIQUE (agency_code, kind, year, sequence)
);

CREATE INDEX ix_issued_documents_case ON issued_documents (case_id, created_at);
CREATE UNIQUE INDEX ux_issued_documents_replaces ON issued_documents (replaces_document_id) WHERE replaces_document_id IS NOT NULL;

-- The last number (文号 sequence) taken per agency, kind and year (the year of the acting date); taken in the transaction
-- that inserts the document (MERGE WITH (HOLDLOCK) locks the key until commit), so a failed issue gives its number
-- back and two issues never share one.
CREATE TABLE document_number_sequences (
    agency_code  NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES agencies (code),
    kind         NVARCHAR(40) NOT NULL,
    year         INT NOT NULL,
    last_value   INT NOT NULL,
    PRIMARY KEY (agency_code, kind, year)
);

-- An agency's document settings: the review body (复议机关) and court named in the remedies clause of an answer (Art. 51).
CREATE TABLE agency_document_settings (
    agency_code   NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY REFERENCES agencies (code),
    review_body   NVARCHAR(200) NULL,
    review_court  NVARCHAR(200) NULL,
    updated_by    NVARCHAR(100) NOT NULL,
    updated_at    DATETIMEOFFSET NOT NULL
);

-- The number prefix of each kind an agency set (e.g. SupplementNotice → 武政信补); a kind without one takes the default.
CREATE TABLE agency_document_prefixes (
    agency_code  NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES agencies (code),
    kind         NVARCHAR(40) NOT NULL,
    prefix       NVARCHAR(40) NOT NULL,
    PRIMARY KEY (agency_code, kind)
);

-- An agency's own DOCX template per kind (checked for unknown fields when uploaded); a subordinate without one uses the
-- nearest ancestor's, else the default.
CREATE TABLE document_templates (
    agency_code       NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES agencies (code),
    kind              NVARCHAR(40) NOT NULL,
    content           VARBINARY(MAX) NOT NULL,
    sha256            NVARCHAR(64) NOT NULL,
    uploaded_by_id    NVARCHAR(100) NOT NULL,
    uploaded_by_name  NVARCHAR(200) NOT NULL,
    uploaded_at       DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (agency_code, kind)
);
