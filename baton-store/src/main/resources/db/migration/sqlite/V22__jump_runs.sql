-- Release jump runs (issue 16): a recipe run across hosts, each host's place in the recipe, and every line run on each
-- host (written as started before it runs, then with its end). Times are UTC epoch milliseconds.
CREATE TABLE jump_runs (
    name         VARCHAR(64)   PRIMARY KEY,
    recipe_file  VARCHAR(4000) NOT NULL,
    recipe_text  TEXT          NOT NULL,
    directory    VARCHAR(4000) NOT NULL,
    slots        INTEGER       NOT NULL,
    max_failures INTEGER       NOT NULL,
    state        VARCHAR(20)   NOT NULL,
    created_by   VARCHAR(255)  NOT NULL,
    created_at   BIGINT        NOT NULL,
    finished_at  BIGINT,
    aborted_by   VARCHAR(255),
    message      VARCHAR(1000) NOT NULL,
    -- The token of the runner that claimed it last: writes carrying an older token change nothing.
    runner       VARCHAR(300)
);
CREATE INDEX jump_runs_created ON jump_runs (created_at);
CREATE TABLE jump_hosts (
    run               VARCHAR(64)   NOT NULL REFERENCES jump_runs (name) ON DELETE CASCADE,
    name              VARCHAR(255)  NOT NULL,
    position          INTEGER       NOT NULL,
    address           VARCHAR(300)  NOT NULL,
    state             VARCHAR(20)   NOT NULL,
    next_statement    INTEGER       NOT NULL,
    line              INTEGER       NOT NULL,
    variables         TEXT          NOT NULL,
    expected_host_key VARCHAR(200),
    decision          VARCHAR(10),
    message           VARCHAR(1000) NOT NULL,
    started_at        BIGINT,
    updated_at        BIGINT        NOT NULL,
    finished_at       BIGINT,
    PRIMARY KEY (run, name)
);
CREATE TABLE jump_steps (
    run         VARCHAR(64)   NOT NULL,
    host        VARCHAR(255)  NOT NULL,
    seq         INTEGER       NOT NULL,
    statement   INTEGER       NOT NULL,
    line        INTEGER       NOT NULL,
    text        VARCHAR(4000) NOT NULL,
    state       VARCHAR(20)   NOT NULL,
    exit_status INTEGER,
    output      TEXT          NOT NULL,
    started_at  BIGINT        NOT NULL,
    finished_at BIGINT,
    PRIMARY KEY (run, host, seq),
    FOREIGN KEY (run, host) REFERENCES jump_hosts (run, name) ON DELETE CASCADE
);
