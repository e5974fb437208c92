-- Stored annual reports: immutable versions of one agency's (or tree's) year in one format, which can be
-- published; a published version whose figures no longer match the register is flagged with the difference.
CREATE TABLE report_snapshots (
    id                      TEXT NOT NULL PRIMARY KEY,
    agency_code             TEXT NOT NULL REFERENCES agencies (code),
    year                    INTEGER NOT NULL,
    format                  TEXT NOT NULL,
    subtree                 INTEGER NOT NULL,
    version                 INTEGER NOT NULL,
    source                  TEXT NOT NULL,
    generated_at            TEXT NOT NULL,
    generated_by            TEXT NOT NULL,
    content                 TEXT NOT NULL,
    published_at            TEXT NULL,
    published_by            TEXT NULL,
    changed_since_published INTEGER NOT NULL DEFAULT 0,
    difference              TEXT NULL,
    checked_at              TEXT NULL,
    UNIQUE (agency_code, year, format, subtree, version)
);

-- Deadline reminders recorded for the alert mechanism: 31 January (own report), 31 March (roll-up).
CREATE TABLE report_reminders (
    agency_code  TEXT NOT NULL REFERENCES agencies (code),
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    raised_at    TEXT NOT NULL,
    PRIMARY KEY (agency_code, year, kind)
);
