-- Signing keys held by an external gpg agent (issue 15): such a key has no secret_key, only which gpg holds it:
-- gpg_key, the fingerprint of the (sub)key gpg signs with, and gpg_home, the GNUPGHOME on the server (NULL: gpg's
-- default there). Every key has exactly one of the two.
ALTER TABLE signing_keys ALTER COLUMN secret_key DROP NOT NULL;
ALTER TABLE signing_keys ADD COLUMN gpg_key VARCHAR(64);
ALTER TABLE signing_keys ADD COLUMN gpg_home VARCHAR(4096);
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_one_holder CHECK ((secret_key IS NULL) <> (gpg_key IS NULL));

-- A notice may carry the exact JSON a web hook posts for it instead of the generic envelope (an advisory's
-- announcement rendered from the site's webhook template); NULL for every other notice.
ALTER TABLE notify_notices ADD COLUMN webhook_body TEXT;
