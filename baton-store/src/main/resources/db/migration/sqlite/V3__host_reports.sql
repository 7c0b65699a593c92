-- Progress reports of host agents (issue 4): one row per step of a run.
CREATE TABLE host_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    host        VARCHAR(255)  NOT NULL,
    run_id      VARCHAR(100)  NOT NULL,
    phase       VARCHAR(100)  NOT NULL,
    script      VARCHAR(255),
    status      VARCHAR(100)  NOT NULL,
    exit_code   INTEGER,
    message     VARCHAR(1000),
    at          BIGINT        NOT NULL,
    received_at BIGINT        NOT NULL
);
CREATE INDEX host_reports_by_host ON host_reports (host, id);
CREATE INDEX host_reports_by_received ON host_reports (received_at);
