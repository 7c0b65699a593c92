-- The site's package signing keys (issue 15). secret_key is the armored OpenPGP secret key, protected with the
-- server's signing passphrase (AES-256, iterated and salted S2K) before it reaches the store: neither the key in
-- clear nor the passphrase is ever stored. A name keeps its key; a key (key_id) is stored once.
CREATE TABLE signing_keys (
    name        VARCHAR(63)  PRIMARY KEY,
    algorithm   VARCHAR(16)  NOT NULL,
    key_id      VARCHAR(16)  NOT NULL UNIQUE,
    fingerprint VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(500) NOT NULL,
    created_at  BIGINT       NOT NULL,
    public_key  TEXT         NOT NULL,
    secret_key  TEXT         NOT NULL,
    added_by    VARCHAR(200) NOT NULL,
    added_at    BIGINT       NOT NULL
);
