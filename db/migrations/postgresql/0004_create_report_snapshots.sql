-- Stored annual reports: immutable versions of one agency's (or tree's) year in one format, which can be
-- published; a published version whose figures no longer match the register is flagged with the difference.
CREATE TABLE report_snapshots (
    id                      VARCHAR(60) NOT NULL PRIMARY KEY,
    agency_code             VARCHAR(20) NOT NULL REFERENCES agencies (code),
    year                    INTEGER NOT NULL,
    format                  VARCHAR(60) NOT NULL,
    subtree                 BOOLEAN NOT NULL,
    version                 INTEGER NOT NULL,
    source                  VARCHAR(60) NOT NULL,
    generated_at            TIMESTAMPTZ NOT NULL,
    generated_by            VARCHAR(200) NOT NULL,
    content                 TEXT NOT NULL,
    published_at            TIMESTAMPTZ NULL,
    published_by            VARCHAR(200) NULL,
    changed_since_published BOOLEAN NOT NULL DEFAULT FALSE,
    difference              TEXT NULL,
    checked_at              TIMESTAMPTZ NULL,
    UNIQUE (agency_code, year, format, subtree, version)
);

-- Deadline reminders recorded for the alert mechanism: 31 January (own report), 31 March (roll-up).
CREATE TABLE report_reminders (
    agency_code  VARCHAR(20) NOT NULL REFERENCES agencies (code),
    year         INTEGER NOT NULL,
    kind         VARCHAR(60) NOT NULL,
    due_on       DATE NOT NULL,
    raised_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_code, year, kind)
);
