-- Agencies renamed, moved and deactivated with their history (issue 16): active = FALSE takes no new case (existing cases
-- stay); agency_changes keeps every rename, move and (de)activation with who and when, so the name in force on any day
-- can be told. Case numbers never change: they keep the code they were given.
ALTER TABLE agencies ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE agency_changes (
    id              VARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code     VARCHAR(20) NOT NULL REFERENCES agencies (code),
    changed_at      TIMESTAMPTZ NOT NULL,
    changed_by_id   VARCHAR(100) NOT NULL,
    changed_by_name VARCHAR(200) NOT NULL,
    name_before     VARCHAR(200) NOT NULL,
    name_after      VARCHAR(200) NOT NULL,
    parent_before   VARCHAR(20) NULL,
    parent_after    VARCHAR(20) NULL,
    active_before   BOOLEAN NOT NULL,
    active_after    BOOLEAN NOT NULL
);

CREATE INDEX ix_agency_changes_agency ON agency_changes (agency_code, changed_at);
