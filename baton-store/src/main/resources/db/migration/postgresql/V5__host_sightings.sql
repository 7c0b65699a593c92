-- Hosts that call through a door under a name no registered host has (issue 13): FleetLock and DLM Engine
-- clients need no registration, and operators still want to see them in `baton hosts list`. One row per name,
-- the newest call; rows not renewed for 30 days are deleted.
CREATE TABLE host_sightings (
    identity        VARCHAR(255) PRIMARY KEY,
    last_checkin_at BIGINT       NOT NULL,
    last_protocol   VARCHAR(16)
);
CREATE INDEX host_sightings_by_time ON host_sightings (last_checkin_at);
