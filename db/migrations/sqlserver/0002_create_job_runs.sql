-- One row per recurring job and scheduled tick: the job's finding, and how many times the tick ran
-- (more than 1 would be duplicate work; the job is safe to run twice, the count shows it happened).
CREATE TABLE job_runs (
    job          NVARCHAR(60) NOT NULL,
    tick         DATETIMEOFFSET NOT NULL,
    instance     NVARCHAR(200) NOT NULL,
    ran_at       DATETIMEOFFSET NOT NULL,
    outcome      NVARCHAR(500) NOT NULL,
    attempts     INT NOT NULL,
    PRIMARY KEY (job, tick)
);
