-- Stored annual reports: immutable versions of one agency's (or tree's) year in one format, which can be
-- published; a published version whose figures no longer match the register is flagged with the difference.
CREATE TABLE report_snapshots (
    id                      NVARCHAR(60) NOT NULL PRIMARY KEY,
    agency_code             NVARCHAR(20) NOT NULL REFERENCES agencies (code),
    year                    INT NOT NULL,
    format                  NVARCHAR(60) NOT NULL,
    subtree                 BIT NOT NULL,
    version                 INT NOT NULL,
    source                  NVARCHAR(60) NOT NULL,
    generated_at            DATETIMEOFFSET NOT NULL,
    generated_by            NVARCHAR(200) NOT NULL,
    content                 NVARCHAR(MAX) NOT NULL,
    published_at            DATETIMEOFFSET NULL,
    published_by            NVARCHAR(200) NULL,
    changed_since_published BIT NOT NULL DEFAULT 0,
    difference              NVARCHAR(MAX) NULL,
    checked_at              DATETIMEOFFSET NULL,
    UNIQUE (agency_code, year, format, subtree, version)
);

-- Deadline reminders recorded for the alert mechanism: 31 January (own report), 31 March (roll-up).
CREATE TABLE report_reminders (
    agency_code  NVARCHAR(20) NOT NULL REFERENCES agencies (code),
    year         INT NOT NULL,
    kind         NVARCHAR(60) NOT NULL,
    due_on       DATE NOT NULL,
    raised_at    DATETIMEOFFSET NOT NULL,
    PRIMARY KEY (agency_code, year, kind)
);
