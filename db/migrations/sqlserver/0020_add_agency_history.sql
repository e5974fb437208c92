-- Agencies renamed, moved and deactivated with their history (issue 16): active = 0 takes no new case (existing cases
-- stay); agency_changes keeps every rename, move and (de)activation with who and when, so the name in force on any day
-- can be told. Case numbers never change: they keep the code they were given. Agency codes compare binary (0016).
ALTER TABLE agencies ADD active BIT NOT NULL CONSTRAINT df_agencies_active DEFAULT 1;

CREATE TABLE agency_changes (
    id              NVARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code     NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES agencies (code),
    changed_at      DATETIMEOFFSET NOT NULL,
    changed_by_id   NVARCHAR(100) NOT NULL,
    changed_by_name NVARCHAR(200) NOT NULL,
    name_before     NVARCHAR(200) NOT NULL,
    name_after      NVARCHAR(200) NOT NULL,
    parent_before   NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NULL,
    parent_after    NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NULL,
    active_before   BIT NOT NULL,
    active_after    BIT NOT NULL
);

CREATE INDEX ix_agency_changes_agency ON agency_changes (agency_code, changed_at);
