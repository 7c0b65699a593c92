-- Advisories of the package pipeline (issue 15): the site's own (SITE-SA:2026:0001) and upstream ones (RHSA-...),
-- with their references and packages; and the per-year sequences of the site's ids.
-- Times are UTC epoch milliseconds, as everywhere in this store.
CREATE TABLE pipeline_advisory_sequences (
    prefix VARCHAR(32) NOT NULL,
    year   INTEGER     NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);
CREATE TABLE pipeline_advisories (
    id           VARCHAR(200)  PRIMARY KEY,
    type         VARCHAR(20)   NOT NULL,
    severity     VARCHAR(20),
    status       VARCHAR(40)   NOT NULL,
    title        VARCHAR(400)  NOT NULL,
    summary      TEXT          NOT NULL,
    description  TEXT          NOT NULL,
    issued       BIGINT        NOT NULL,
    updated      BIGINT        NOT NULL,
    from_address VARCHAR(400),
    origin       VARCHAR(20)   NOT NULL,
    remote       VARCHAR(128),
    derived_from VARCHAR(200)
);
CREATE INDEX pipeline_advisories_derived ON pipeline_advisories (derived_from);
CREATE TABLE pipeline_advisory_references (
    advisory VARCHAR(200)  NOT NULL REFERENCES pipeline_advisories (id) ON DELETE CASCADE,
    position INTEGER       NOT NULL,
    href     VARCHAR(2000),
    ref_id   VARCHAR(400)  NOT NULL,
    type     VARCHAR(20)   NOT NULL,
    title    VARCHAR(1000),
    PRIMARY KEY (advisory, position)
);
CREATE TABLE pipeline_advisory_packages (
    advisory         VARCHAR(200) NOT NULL REFERENCES pipeline_advisories (id) ON DELETE CASCADE,
    position         INTEGER      NOT NULL,
    name             VARCHAR(400) NOT NULL,
    epoch            INTEGER      NOT NULL,
    pkg_version      VARCHAR(200) NOT NULL,
    pkg_release      VARCHAR(200) NOT NULL,
    arch             VARCHAR(40)  NOT NULL,
    filename         VARCHAR(1000) NOT NULL,
    sha256           VARCHAR(64),
    reboot_suggested BOOLEAN      NOT NULL,
    PRIMARY KEY (advisory, position)
);
-- promotion by advisory and "which advisories name this package" look packages up by name
CREATE INDEX pipeline_advisory_packages_name ON pipeline_advisory_packages (name);
