-- Signing keys held by an external gpg agent (issue 15): such a key has no secret_key, only which gpg holds it:
-- gpg_key, the fingerprint of the (sub)key gpg signs with, and gpg_home, the GNUPGHOME on the server (NULL: gpg's
-- default there). Every key has exactly one of the two. SQLite cannot drop a NOT NULL, so the table is rebuilt
-- (no other table refers to it).
CREATE TABLE signing_keys_v23 (
    name        VARCHAR(63)   PRIMARY KEY,
    algorithm   VARCHAR(16)   NOT NULL,
    key_id      VARCHAR(16)   NOT NULL UNIQUE,
    fingerprint VARCHAR(64)   NOT NULL,
    user_id     VARCHAR(500)  NOT NULL,
    created_at  BIGINT        NOT NULL,
    public_key  TEXT          NOT NULL,
    secret_key  TEXT,
    gpg_key     VARCHAR(64),
    gpg_home    VARCHAR(4096),
    added_by    VARCHAR(200)  NOT NULL,
    added_at    BIGINT        NOT NULL,
    CHECK ((secret_key IS NULL) <> (gpg_key IS NULL))
);
INSERT INTO signing_keys_v23 (name, algorithm, key_id, fingerprint, user_id, created_at, public_key, secret_key,
                              added_by, added_at)
    SELECT name, algorithm, key_id, fingerprint, user_id, created_at, public_key, secret_key, added_by, added_at
    FROM signing_keys;
DROP TABLE signing_keys;
ALTER TABLE signing_keys_v23 RENAME TO signing_keys;

-- A notice may carry the exact JSON a web hook posts for it instead of the generic envelope (an advisory's
-- announcement rendered from the site's webhook template); NULL for every other notice.
ALTER TABLE notify_notices ADD COLUMN webhook_body TEXT;
