-- Notices derived from committed rows (issue 14): how far each source has been read, shared by every server.
-- A notice is raised from the row that records its cause (a lock event, a host report), at least once; the notice's
-- unique dedupe key makes it one notice. Starts at the newest row, so an upgrade raises nothing for old history.
CREATE TABLE notice_cursors (
    source      VARCHAR(50)  PRIMARY KEY,
    position    BIGINT       NOT NULL
);
INSERT INTO notice_cursors (source, position) SELECT 'lock_events', COALESCE(MAX(id), 0) FROM lock_events;
INSERT INTO notice_cursors (source, position) SELECT 'host_reports', COALESCE(MAX(id), 0) FROM host_reports;
