-- An action other than a lock, fleet or host change is recorded BEFORE it is done, as 'pending', and marked 'done'
-- once it succeeded (an entry of a failed action is removed). A crash in between leaves 'pending': the action was
-- begun and may or may not have taken effect, but it is never missing from the trail.
ALTER TABLE audit_entries ADD COLUMN outcome VARCHAR(10) NOT NULL DEFAULT 'done';
