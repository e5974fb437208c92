-- One row per recurring job and scheduled tick: the job's finding, and how many times the tick ran
-- (more than 1 would be duplicate work; the job is safe to run twice, the count shows it happened).
CREATE TABLE job_runs (
    job          TEXT NOT NULL,
    tick         TEXT NOT NULL,
    instance     TEXT NOT NULL,
    ran_at       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    PRIMARY KEY (job, tick)
);
