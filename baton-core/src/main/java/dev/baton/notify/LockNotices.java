package dev.baton.notify;

import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockListener;
import java.util.concurrent.Executor;

/**
 * Turns committed lock events into notices: a stale holder ({@code lock.stale}, written once per hold by the
 * sweep), a force-release ({@code lock.force_released}), and the fleet freeze and unfreeze. Listeners hear of an
 * event before the store numbers it, so the dedupe key is the event's type, lock, holder and time: each such event
 * is committed once, by one server (a stale mark is a compare-and-set on the hold). Publishing is handed to {@code executor}, since a
 * lock listener must not block the decision that committed the event.
 */
public final class LockNotices implements LockListener {

    private static final System.Logger log = System.getLogger(LockNotices.class.getName());

    private final Notifier notifier;
    private final Executor executor;

    public LockNotices(Notifier notifier, Executor executor) {
        this.notifier = notifier;
        this.executor = executor;
    }

    @Override
    public void committed(LockEvent event) {
        Notice notice = notice(event);
        if (notice != null) {
            executor.execute(() -> {
                try {
                    notifier.publish(notice);
                } catch (RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "could not store the notification {0}: {1}", notice.dedupeKey(), e.getMessage());
                }
            });
        }
    }

    /** The notice an event raises, or null. */
    static Notice notice(LockEvent e) {
        String key = e.type().wireName() + ":" + (e.lockName() == null ? "fleet" : e.lockName()) + ":"
                + (e.holder() == null ? "" : e.holder()) + ":" + e.at().toEpochMilli();
        String why = e.reason() == null || e.reason().isBlank() ? "" : " (" + e.reason() + ")";
        return switch (e.type()) {
            case STALE -> new Notice(NotificationKinds.LOCK_STALE, e.lockName(),
                    e.holder() + " holds " + e.lockName() + " longer than allowed",
                    "Lock " + e.lockName() + ": holder " + e.holder() + " is stale" + why
                            + ". Nothing is released automatically; check the host, then release or force-release.",
                    key, e.at());
            case FORCE_RELEASE -> new Notice(NotificationKinds.LOCK_FORCE_RELEASED, e.lockName(),
                    e.actor() + " force-released " + e.holder() + " from " + e.lockName(),
                    "Lock " + e.lockName() + ": " + e.actor() + " force-released holder " + e.holder() + why + ".", key, e.at());
            case FREEZE -> e.lockName() != null ? null : new Notice(NotificationKinds.FLEET_FROZEN, null,
                    "Fleet frozen by " + e.actor(), "No lock grants new slots until the fleet is unfrozen" + why + ".", key, e.at());
            case UNFREEZE -> e.lockName() != null ? null : new Notice(NotificationKinds.FLEET_UNFROZEN, null,
                    "Fleet unfrozen by " + e.actor(), "Locks grant slots again" + why + ".", key, e.at());
            default -> null;
        };
    }

    /** Whether an event type may raise a notice (for callers that filter cheaply first). */
    static boolean raises(EventType type) {
        return type == EventType.STALE || type == EventType.FORCE_RELEASE || type == EventType.FREEZE
                || type == EventType.UNFREEZE;
    }
}
