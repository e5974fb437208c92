-- One row per recurring job and scheduled tick: the job's finding, and how many times the tick ran
-- (more than 1 would be duplicate work; the job is safe to run twice, the count shows it happened).
CREATE TABLE job_runs (
    job          VARCHAR(60) NOT NULL,
    tick         TIMESTAMPTZ NOT NULL,
    instance     VARCHAR(200) NOT NULL,
    ran_at       TIMESTAMPTZ NOT NULL,
    outcome      VARCHAR(500) NOT NULL,
    attempts     INTEGER NOT NULL,
    PRIMARY KEY (job, tick)
);
