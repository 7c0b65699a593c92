-- Console sessions (issue 14): the browser holds a random token, this table only its SHA-256, so logout and a
-- second server sharing the store both work. Rows past the idle or absolute timeout are deleted periodically.
CREATE TABLE console_sessions (
    token_hash   VARCHAR(64)  PRIMARY KEY,
    user_name    VARCHAR(200) NOT NULL,
    csrf_token   VARCHAR(64)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    last_seen_at BIGINT       NOT NULL,
    address      VARCHAR(100)
);
CREATE INDEX console_sessions_by_seen ON console_sessions (last_seen_at);
CREATE INDEX console_sessions_by_created ON console_sessions (created_at);
