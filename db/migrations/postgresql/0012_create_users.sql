-- People who sign in (ASP.NET Core Identity over Dapper). id is the login as first given (the user id of
-- assignments, alerts and history); normalized_login is unique. roles: comma-separated role names.
-- No foreign key to agencies: the first administrator is created before the agency tree exists.
CREATE TABLE users (
    id                   VARCHAR(100) NOT NULL PRIMARY KEY,
    normalized_login     VARCHAR(100) NOT NULL UNIQUE,
    name                 VARCHAR(200) NOT NULL,
    agency_code          VARCHAR(20) NOT NULL,
    roles                VARCHAR(200) NOT NULL,
    active               BOOLEAN NOT NULL,
    password_hash        VARCHAR(400) NULL,
    security_stamp       VARCHAR(100) NOT NULL,
    concurrency_stamp    VARCHAR(100) NOT NULL,
    access_failed_count  INTEGER NOT NULL DEFAULT 0,
    lockout_end          TIMESTAMPTZ NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    created_by           VARCHAR(200) NOT NULL,
    changed_at           TIMESTAMPTZ NOT NULL,
    changed_by           VARCHAR(200) NOT NULL
);

CREATE INDEX ix_users_agency ON users (agency_code);
