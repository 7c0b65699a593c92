-- The host registry (issue 3), PostgreSQL flavour. A host's name and each of its aliases are rows of
-- host_names, so a name or alias is unique across all hosts by the primary key, not by a read first.
CREATE TABLE hosts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            VARCHAR(255) NOT NULL UNIQUE,
    can_acquire     BOOLEAN      NOT NULL,
    created_at      BIGINT       NOT NULL,
    last_checkin_at BIGINT,
    last_protocol   VARCHAR(16)
);

CREATE TABLE host_names (
    identity VARCHAR(255) PRIMARY KEY,
    host_id  BIGINT       NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    is_alias BOOLEAN      NOT NULL
);
CREATE INDEX host_names_by_host ON host_names (host_id);
