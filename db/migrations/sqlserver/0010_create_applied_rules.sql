-- The fingerprint of the statutory rules and clock settings each stored case projection (status, due date, closed late)
-- was computed under; when the running version's differs, every case is recomputed once at start-up.
CREATE TABLE applied_rules (
    name         NVARCHAR(60) NOT NULL PRIMARY KEY,
    fingerprint  NVARCHAR(1000) NOT NULL,
    applied_at   DATETIMEOFFSET NOT NULL
);
