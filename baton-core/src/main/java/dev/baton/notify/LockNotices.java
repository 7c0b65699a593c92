package dev.baton.notify;

import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import java.util.Set;

/**
 * The notices committed lock events raise, read from the history by the {@link NoticeFeed}: a stale holder
 * ({@code lock.stale}, written once per hold by the sweep, in the transaction that marks the hold reported), a
 * force-release ({@code lock.force_released}), and the fleet freeze and unfreeze. The dedupe key is the event's type,
 * lock, holder and time: each such event is committed once, by one server (a stale mark is a compare-and-set on the
 * hold), so one event is one notice however often it is read.
 */
final class LockNotices {

    /** The event types that may raise a notice. */
    static final Set<EventType> RAISING = Set.of(EventType.STALE, EventType.FORCE_RELEASE, EventType.FREEZE,
            EventType.UNFREEZE);

    private LockNotices() {
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
}
