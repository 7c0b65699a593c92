-- Durable jobs (issue 15): long work (a sync, a publish) whose state survives a restart. A runner claims a job by one
-- UPDATE guarded by its state and attempts; the attempt number fences off a runner that lost its job.
CREATE TABLE jobs (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                VARCHAR(32)   NOT NULL,
    subject             VARCHAR(100)  NOT NULL,
    state               VARCHAR(20)   NOT NULL,
    parameters          TEXT          NOT NULL,
    actor               VARCHAR(255)  NOT NULL,
    attempts            INTEGER       NOT NULL,
    runner              VARCHAR(255),
    progress_done       BIGINT        NOT NULL,
    progress_total      BIGINT        NOT NULL,
    progress_unit       VARCHAR(40)   NOT NULL,
    progress_message    VARCHAR(500)  NOT NULL,
    error               VARCHAR(1000),
    cancel_requested_by VARCHAR(255),
    created_at          BIGINT        NOT NULL,
    started_at          BIGINT,
    updated_at          BIGINT        NOT NULL,
    finished_at         BIGINT
);
-- At most one queued or running job per kind and subject: a second submit finds the first.
CREATE UNIQUE INDEX jobs_one_active ON jobs (kind, subject) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_kind_subject ON jobs (kind, subject, id);
CREATE INDEX jobs_state ON jobs (state, id);
