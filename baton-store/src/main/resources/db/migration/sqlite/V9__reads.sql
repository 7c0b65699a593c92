-- Read models of the console (issue 14). The fleet-wide history is paged newest first by event id with one
-- optional filter per column: each index ends in the id, so a page is a backwards walk of one index that stops
-- after the page, at any depth and for a holder with ten events among a million alike. Time ranges use the
-- index on the time.
CREATE INDEX lock_events_by_holder ON lock_events (holder, id);
CREATE INDEX lock_events_by_type ON lock_events (type, id);
CREATE INDEX lock_events_by_protocol ON lock_events (protocol, id);
CREATE INDEX lock_events_by_time ON lock_events (at);

-- The last call of each registered host through each door (native, foreman, dlm_v1, dlm_v2, fleetlock), written
-- at most once a minute per host and door. hosts.last_checkin_at stays the newest of them.
CREATE TABLE host_checkins (
    host_id  BIGINT      NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    protocol VARCHAR(16) NOT NULL,
    at       BIGINT      NOT NULL,
    PRIMARY KEY (host_id, protocol)
);
INSERT INTO host_checkins (host_id, protocol, at)
    SELECT id, last_protocol, last_checkin_at FROM hosts WHERE last_checkin_at IS NOT NULL AND last_protocol IS NOT NULL;

-- Host states look up a host's holds and waits by holder name.
CREATE INDEX lock_holders_by_holder ON lock_holders (holder);
