-- A production repository is the end of the road: what arrives in it is GOOD (seed 004).
ALTER TABLE repositories ADD COLUMN production BOOLEAN NOT NULL DEFAULT FALSE;

-- Adding a remote's checked packages to a repository looks them up by remote.
CREATE INDEX packages_remote ON packages (remote);
