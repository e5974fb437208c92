-- An agency's own import mapping (issue 17): a column of its register (登记台账) as the office heads it, and the field of
-- the import it is read as; field '' leaves the column out without a warning. Replaced as a whole by
-- PUT /api/agencies/{code}/import-mapping; read by every import for that agency before the built-in column names.
CREATE TABLE import_mappings (
    agency_code    TEXT NOT NULL,
    source_column  TEXT NOT NULL,
    field          TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (agency_code, source_column)
);
