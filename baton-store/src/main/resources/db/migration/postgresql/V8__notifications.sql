-- Notifications (issue 14): channels, rules, and the durable outbox of notices.
-- A channel's secret (SMTP password, webhook signing key) is stored as it is: it must be usable.
CREATE TABLE notify_channels (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        VARCHAR(100)  NOT NULL UNIQUE,
    type        VARCHAR(20)   NOT NULL,
    host        VARCHAR(255),
    port        INTEGER,
    starttls    BOOLEAN,
    username    VARCHAR(255),
    sender      VARCHAR(255),
    recipients  VARCHAR(2000),
    url         VARCHAR(2000),
    secret      VARCHAR(1000),
    created_at  BIGINT        NOT NULL
);

CREATE TABLE notify_rules (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kinds       VARCHAR(2000) NOT NULL,
    scopes      VARCHAR(2000) NOT NULL,
    channel_id  BIGINT        NOT NULL REFERENCES notify_channels (id),
    frequency   VARCHAR(20)   NOT NULL,
    created_at  BIGINT        NOT NULL
);

-- One row per occurrence: the same failure or stale holder raised twice (two scans, two servers) is one row.
CREATE TABLE notify_notices (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        VARCHAR(100)  NOT NULL,
    subject     VARCHAR(255),
    title       VARCHAR(200)  NOT NULL,
    body        VARCHAR(4000) NOT NULL,
    dedupe_key  VARCHAR(400)  NOT NULL UNIQUE,
    at          BIGINT        NOT NULL,
    created_at  BIGINT        NOT NULL
);

-- A notice to send on a rule's channel. Entries with one batch_key go out as one message (a digest's).
-- A sender claims a batch by setting claimed_by/claimed_until in one UPDATE guarded by the old values.
CREATE TABLE notify_outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id       BIGINT        NOT NULL REFERENCES notify_notices (id),
    rule_id         BIGINT        NOT NULL,
    channel_id      BIGINT        NOT NULL,
    batch_key       VARCHAR(500)  NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    claimed_by      VARCHAR(100),
    claimed_until   BIGINT,
    last_error      VARCHAR(1000),
    sent_at         BIGINT,
    created_at      BIGINT        NOT NULL,
    UNIQUE (notice_id, rule_id)
);
CREATE INDEX notify_outbox_due ON notify_outbox (state, next_attempt_at);
CREATE INDEX notify_outbox_batch ON notify_outbox (batch_key);
