-- People who sign in (ASP.NET Core Identity over Dapper). id is the login as first given (the user id of
-- assignments, alerts and history); normalized_login is unique. roles: comma-separated role names.
-- No foreign key to agencies: the first administrator is created before the agency tree exists.
CREATE TABLE users (
    id                   NVARCHAR(100) NOT NULL PRIMARY KEY,
    normalized_login     NVARCHAR(100) NOT NULL UNIQUE,
    name                 NVARCHAR(200) NOT NULL,
    agency_code          NVARCHAR(20) NOT NULL,
    roles                NVARCHAR(200) NOT NULL,
    active               BIT NOT NULL,
    password_hash        NVARCHAR(400) NULL,
    security_stamp       NVARCHAR(100) NOT NULL,
    concurrency_stamp    NVARCHAR(100) NOT NULL,
    access_failed_count  INT NOT NULL DEFAULT 0,
    lockout_end          DATETIMEOFFSET NULL,
    created_at           DATETIMEOFFSET NOT NULL,
    created_by           NVARCHAR(200) NOT NULL,
    changed_at           DATETIMEOFFSET NOT NULL,
    changed_by           NVARCHAR(200) NOT NULL
);

CREATE INDEX ix_users_agency ON users (agency_code);
