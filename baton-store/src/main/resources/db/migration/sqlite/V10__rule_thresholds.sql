-- Notification rules of the kinds raised after a while (lock.waiting_long, host.not_seen) may set their own
-- threshold, in whole seconds; NULL: the server's default (--notify-waiting-after, --notify-not-seen-after).
ALTER TABLE notify_rules ADD COLUMN after_seconds BIGINT;
