-- People and permissions (issue 14): disabled users, directory users, scopes of users and credentials, and the audit trail.
-- Times are UTC epoch milliseconds.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
-- A user who signs in against the directory (LDAP): no password here; its role follows its groups at each sign-in.
ALTER TABLE users ADD COLUMN directory BOOLEAN NOT NULL DEFAULT FALSE;

-- Lock and host name patterns (globs) a user or credential is limited to; none: everything.
CREATE TABLE user_scopes (
    user_name VARCHAR(200) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    pattern   VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_name, pattern)
);

CREATE TABLE credential_scopes (
    credential_id VARCHAR(64)  NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
    pattern       VARCHAR(255) NOT NULL,
    PRIMARY KEY (credential_id, pattern)
);

-- Who did what, when, from where and why. Pages are cut by id (newest first); filters by actor and action.
CREATE TABLE audit_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         BIGINT        NOT NULL,
    actor      VARCHAR(255)  NOT NULL,
    via        VARCHAR(100)  NOT NULL,
    address    VARCHAR(100),
    action     VARCHAR(100)  NOT NULL,
    target     VARCHAR(1000),
    reason     VARCHAR(1000),
    detail     VARCHAR(1000)
);
CREATE INDEX audit_entries_by_actor ON audit_entries (actor, id);
CREATE INDEX audit_entries_by_action ON audit_entries (action, id);
