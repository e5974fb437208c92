-- 归档 (issue 19): a closed case filed as one case file. One row per archived case; once it is there, steps and corrections
-- of the case are refused, and the case file (GET /api/cases/{id}/file) is the record. archived_on: the China date of the
-- archival; who archived it and when it was recorded. The case history has an Archived entry too.
CREATE TABLE case_archivals (
    case_id           TEXT NOT NULL PRIMARY KEY REFERENCES cases (id),
    archived_on       TEXT NOT NULL,
    archived_by_id    TEXT NOT NULL,
    archived_by_name  TEXT NOT NULL,
    archived_at       TEXT NOT NULL
);
