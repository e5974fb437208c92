-- The readiness check's write probe (/health/ready): it inserts a row of 16 KB here and rolls it back, so that a
-- database that is full or read-only reports Unhealthy (security.md "Abuse and faults"). The table stays empty.
CREATE TABLE write_probes (
    id      VARCHAR(36) NOT NULL PRIMARY KEY,
    filler  TEXT NOT NULL
);
