-- Baton schema, SQLite flavour. Times are UTC epoch milliseconds.
CREATE TABLE locks (
    name           VARCHAR(128) PRIMARY KEY,
    slots          INTEGER      NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    frozen         BOOLEAN      NOT NULL,
    freeze_reason  VARCHAR(1000),
    stale_after_ms BIGINT,
    lease_ms       BIGINT,
    created_at     BIGINT       NOT NULL
);

CREATE TABLE lock_holders (
    lock_name      VARCHAR(128) NOT NULL REFERENCES locks (name) ON DELETE CASCADE,
    holder         VARCHAR(255) NOT NULL,
    acquired_at    BIGINT       NOT NULL,
    renewed_at     BIGINT       NOT NULL,
    protocol       VARCHAR(16)  NOT NULL,
    stale_reported BOOLEAN      NOT NULL,
    PRIMARY KEY (lock_name, holder)
);

CREATE TABLE lock_waiters (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         VARCHAR(64)  NOT NULL UNIQUE,
    lock_name  VARCHAR(128) NOT NULL REFERENCES locks (name) ON DELETE CASCADE,
    holder     VARCHAR(255) NOT NULL,
    since      BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    server_id  VARCHAR(64)  NOT NULL
);
CREATE INDEX lock_waiters_by_lock ON lock_waiters (lock_name, seq);
CREATE INDEX lock_waiters_by_server ON lock_waiters (server_id);

CREATE TABLE lock_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    lock_name VARCHAR(128),
    at        BIGINT       NOT NULL,
    type      VARCHAR(32)  NOT NULL,
    actor     VARCHAR(255) NOT NULL,
    holder    VARCHAR(255),
    reason    VARCHAR(1000),
    protocol  VARCHAR(16)  NOT NULL
);
CREATE INDEX lock_events_by_lock ON lock_events (lock_name, id);

CREATE TABLE fleet_policy (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    frozen     BOOLEAN NOT NULL,
    reason     VARCHAR(1000),
    changed_at BIGINT,
    changed_by VARCHAR(255)
);
INSERT INTO fleet_policy (id, frozen) VALUES (1, FALSE);

CREATE TABLE users (
    name          VARCHAR(200) PRIMARY KEY,
    role          VARCHAR(16)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT       NOT NULL
);

CREATE TABLE credentials (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    secret_hash VARCHAR(255) NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE credential_holders (
    credential_id VARCHAR(64)  NOT NULL REFERENCES credentials (id),
    holder        VARCHAR(255) NOT NULL,
    PRIMARY KEY (credential_id, holder)
);
