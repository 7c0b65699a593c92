-- A grant removes the holder's other waits, and the purge removes expired waiters: both without
-- scanning a long queue.
CREATE INDEX lock_waiters_by_holder ON lock_waiters (lock_name, holder);
CREATE INDEX lock_waiters_by_expiry ON lock_waiters (expires_at);
