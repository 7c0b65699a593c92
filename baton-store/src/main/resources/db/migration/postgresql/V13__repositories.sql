-- Package files, their states, repositories and their versions (issue 15).

-- One row per package file, by SHA-256; a NEVRA may have several (the original, a signed copy per key).
CREATE TABLE packages (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nevra            VARCHAR(400)  NOT NULL,  -- name-[epoch:]version-release.arch, for lookups; parts below
    name             VARCHAR(200)  NOT NULL,
    epoch            INTEGER       NOT NULL,
    version          VARCHAR(100)  NOT NULL,
    release          VARCHAR(100)  NOT NULL,
    arch             VARCHAR(50)   NOT NULL,
    sha256           CHAR(64)      NOT NULL UNIQUE,
    size             BIGINT        NOT NULL,
    origin           VARCHAR(20)   NOT NULL,
    signed_from      CHAR(64),
    signed_by_key_id CHAR(16),
    remote           VARCHAR(100),
    created_at       BIGINT        NOT NULL
);
CREATE INDEX packages_nevra ON packages (nevra);
CREATE INDEX packages_name ON packages (name);
-- One signed copy per original and key: two signers racing keep the first copy.
CREATE UNIQUE INDEX packages_signed_copy ON packages (signed_from, signed_by_key_id) WHERE signed_from IS NOT NULL;

-- Every state change of a file, of its own (repository NULL) or in a repository; never updated.
CREATE TABLE package_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    package_id  BIGINT        NOT NULL REFERENCES packages (id),
    repository  VARCHAR(100),
    state       VARCHAR(20)   NOT NULL,
    actor       VARCHAR(255)  NOT NULL,
    reason      VARCHAR(2000) NOT NULL,
    at          BIGINT        NOT NULL
);
CREATE INDEX package_events_package ON package_events (package_id, id);

-- The current state of a file per repository ('' for the file's own), as the event that set it.
CREATE TABLE package_states (
    package_id  BIGINT        NOT NULL REFERENCES packages (id),
    repository  VARCHAR(100)  NOT NULL,
    state       VARCHAR(20)   NOT NULL,
    event_id    BIGINT        NOT NULL REFERENCES package_events (id),
    PRIMARY KEY (package_id, repository)
);
CREATE INDEX package_states_repository ON package_states (repository, state);

-- latest_version is the compare-and-set guard: a change commits only if it is still the number it started from.
CREATE TABLE repositories (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              VARCHAR(100)  NOT NULL UNIQUE,
    description       VARCHAR(2000) NOT NULL,
    sign_with         VARCHAR(100),
    requires_tested   BOOLEAN       NOT NULL,
    keep_publications INTEGER       NOT NULL,
    latest_version    INTEGER       NOT NULL,
    created_at        BIGINT        NOT NULL
);

CREATE TABLE repository_versions (
    repository_id BIGINT        NOT NULL REFERENCES repositories (id),
    number        INTEGER       NOT NULL,
    created_at    BIGINT        NOT NULL,
    actor         VARCHAR(255)  NOT NULL,
    reason        VARCHAR(2100) NOT NULL,
    package_count INTEGER       NOT NULL,
    PRIMARY KEY (repository_id, number)
);

-- Membership as ranges of versions: package_id is in version v when from_version <= v and (to_version IS NULL or
-- v < to_version). A change writes one row per package it adds or removes, never the whole set; a version's
-- packages are one range scan of the covering index below.
CREATE TABLE repository_members (
    repository_id BIGINT  NOT NULL REFERENCES repositories (id),
    package_id    BIGINT  NOT NULL REFERENCES packages (id),
    from_version  INTEGER NOT NULL,
    to_version    INTEGER,
    PRIMARY KEY (repository_id, package_id, from_version)
);
CREATE INDEX repository_members_version ON repository_members (repository_id, from_version, to_version, package_id);
-- A file is at most once in the latest version.
CREATE UNIQUE INDEX repository_members_live ON repository_members (repository_id, package_id) WHERE to_version IS NULL;
