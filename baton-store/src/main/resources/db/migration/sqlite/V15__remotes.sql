-- Remotes of the package pipeline (issue 15): upstream repositories Baton mirrors, and what their last sync found.
-- Times are UTC epoch milliseconds, durations milliseconds, as everywhere in this store.
CREATE TABLE pipeline_remotes (
    name               VARCHAR(128)  PRIMARY KEY,
    url                VARCHAR(2000) NOT NULL,
    trusted_keys       TEXT          NOT NULL,
    repo_gpgcheck      BOOLEAN       NOT NULL,
    client_certificate VARCHAR(4000),
    client_key         VARCHAR(4000),
    proxy              VARCHAR(2000),
    sync_interval      BIGINT,
    advisories         VARCHAR(4000),
    created_at         BIGINT        NOT NULL,
    created_by         VARCHAR(200)  NOT NULL
);
CREATE TABLE pipeline_remote_syncs (
    remote        VARCHAR(128)  PRIMARY KEY REFERENCES pipeline_remotes (name) ON DELETE CASCADE,
    synced_at     BIGINT        NOT NULL,
    repomd_sha256 VARCHAR(64),
    revision      VARCHAR(200),
    packages      BIGINT        NOT NULL,
    failed        BIGINT        NOT NULL,
    result        VARCHAR(4000) NOT NULL
);
