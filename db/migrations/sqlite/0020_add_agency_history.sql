-- Agencies renamed, moved and deactivated with their history (issue 16): active = 0 takes no new case (existing cases
-- stay); agency_changes keeps every rename, move and (de)activation with who and when, so the name in force on any day
-- can be told. Case numbers never change: they keep the code they were given.
ALTER TABLE agencies ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

CREATE TABLE agency_changes (
    id              TEXT NOT NULL PRIMARY KEY,
    agency_code     TEXT NOT NULL REFERENCES agencies (code),
    changed_at      TEXT NOT NULL,
    changed_by_id   TEXT NOT NULL,
    changed_by_name TEXT NOT NULL,
    name_before     TEXT NOT NULL,
    name_after      TEXT NOT NULL,
    parent_before   TEXT NULL,
    parent_after    TEXT NULL,
    active_before   INTEGER NOT NULL,
    active_after    INTEGER NOT NULL
);

CREATE INDEX ix_agency_changes_agency ON agency_changes (agency_code, changed_at);
