-- People who sign in (ASP.NET Core Identity over Dapper). id is the login as first given (the user id of
-- assignments, alerts and history); normalized_login is unique. roles: comma-separated role names.
-- No foreign key to agencies: the first administrator is created before the agency tree exists.
CREATE TABLE users (
    id                   TEXT NOT NULL PRIMARY KEY,
    normalized_login     TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    agency_code          TEXT NOT NULL,
    roles                TEXT NOT NULL,
    active               INTEGER NOT NULL,
    password_hash        TEXT NULL,
    security_stamp       TEXT NOT NULL,
    concurrency_stamp    TEXT NOT NULL,
    access_failed_count  INTEGER NOT NULL DEFAULT 0,
    lockout_end          TEXT NULL,
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    changed_at           TEXT NOT NULL,
    changed_by           TEXT NOT NULL
);

CREATE INDEX ix_users_agency ON users (agency_code);
