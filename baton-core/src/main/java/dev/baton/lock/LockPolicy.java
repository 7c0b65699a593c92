package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;

/**
 * What operators change about locks: slots, timing, enabled, freeze of one lock, and the freeze of the
 * whole fleet. Built by {@link Locks} beside the {@link LockService} that decides on these settings.
 *
 * <p>The contract:
 * <ul>
 *   <li><b>A change applies to the next decision and to nothing already decided</b>: lowering slots below
 *       the current holders evicts nobody, a freeze or a disabled lock keeps its holders; waiting requests
 *       are woken when a change makes room (more slots, enabled, unfrozen), on this server at once and on
 *       other servers at their next pump.</li>
 *   <li><b>Each change is a compare-and-set with its event</b> in the same transaction (SLOTS, SETTINGS,
 *       ENABLE/DISABLE, FREEZE/UNFREEZE; fleet-wide events carry no lock name), told to the
 *       {@link LockListener} after the commit. A change that changes nothing writes no event.</li>
 *   <li>A change made through {@link #attaching} also writes the caller's {@link Attachment} (its audit entry) in
 *       that transaction; the policy never reads it.</li>
 *   <li>{@link #setSlots} and {@link #setTiming} create an unknown lock (with its CREATE event); the other
 *       changes of one lock throw {@link LockNotFoundException} for an unknown one.</li>
 *   <li>Freezing, of a lock or the fleet, needs a reason, which callers are shown while it lasts.</li>
 *   <li>A fleet freeze is ordered against every decision: no grant commits after the freeze was answered.</li>
 * </ul>
 */
public final class LockPolicy {

    private final LockUpdates updates;
    /** Written with each change made through this policy; {@code null}: none. */
    private final Attachment attachment;

    LockPolicy(LockUpdates updates) {
        this(updates, null);
    }

    private LockPolicy(LockUpdates updates, Attachment attachment) {
        this.updates = updates;
        this.attachment = attachment;
    }

    /**
     * This policy, but each change made through it writes {@code attachment} (the audit entry of the operator's
     * change) in the change's own transaction: both are stored or neither. Written whenever the change commits,
     * also when it changed nothing (slots set to what they were); not written when it fails (an unknown lock).
     */
    public LockPolicy attaching(Attachment attachment) {
        return new LockPolicy(updates, java.util.Objects.requireNonNull(attachment, "attachment"));
    }

    /** Sets the slots of a lock, creating it if needed. Applies to the next decision; evicts nobody. */
    public LockView setSlots(String lockName, int slots, String actor) {
        Names.lockName(lockName);
        LockSettings initial = updates.defaultSettings().slots(slots); // validates the number
        return change(lockName, initial, actor, (tx, now) -> {
            int before = tx.lock().settings().slots();
            if (before != slots) {
                tx.saveSettings(tx.lock().settings().slots(slots));
                updates.emit(tx, lockName, EventType.SLOTS, actor, null, before + " -> " + slots, Protocol.NATIVE);
            }
        });
    }

    /**
     * Sets how long a holder may hold before it is reported stale, and the lease after which an
     * un-renewed holder is released; creates the lock if needed. {@code null} means the server default
     * (stale) or no lease.
     */
    public LockView setTiming(String lockName, Duration staleAfter, Duration lease, String actor) {
        Names.lockName(lockName);
        updates.defaultSettings().timing(staleAfter, lease); // validates
        return change(lockName, updates.defaultSettings(), actor, (tx, now) -> {
            LockSettings s = tx.lock().settings();
            tx.saveSettings(s.timing(staleAfter, lease));
            updates.emit(tx, lockName, EventType.SETTINGS, actor, null,
                    "stale_after=" + describeStaleAfter(staleAfter) + " lease=" + describe(lease, "none"), Protocol.NATIVE);
        });
    }

    /**
     * Sets how long a holder may hold this lock before it is reported stale; creates the lock if needed. {@code null}:
     * the server's default (off when it has none); {@link LockSettings#STALE_AFTER_OFF}: off for this lock. The lease
     * stays as it is.
     */
    public LockView setStaleAfter(String lockName, Duration staleAfter, String actor) {
        Names.lockName(lockName);
        updates.defaultSettings().timing(staleAfter, null); // validates
        return change(lockName, updates.defaultSettings(), actor, (tx, now) -> {
            LockSettings s = tx.lock().settings();
            tx.saveSettings(s.timing(staleAfter, s.lease()));
            updates.emit(tx, lockName, EventType.SETTINGS, actor, null, "stale_after=" + describeStaleAfter(staleAfter),
                    Protocol.NATIVE);
        });
    }

    /** Sets the lease after which an un-renewed holder is released ({@code null}: none); keeps the stale_after. */
    public LockView setLease(String lockName, Duration lease, String actor) {
        Names.lockName(lockName);
        updates.defaultSettings().timing(null, lease); // validates
        return change(lockName, updates.defaultSettings(), actor, (tx, now) -> {
            LockSettings s = tx.lock().settings();
            tx.saveSettings(s.timing(s.staleAfter(), lease));
            updates.emit(tx, lockName, EventType.SETTINGS, actor, null, "lease=" + describe(lease, "none"), Protocol.NATIVE);
        });
    }

    /** How an event names a lock's own stale_after setting. */
    public static String describeStaleAfter(Duration staleAfter) {
        return staleAfter == null ? "default" : staleAfter.isZero() ? "off" : describe(staleAfter, "default");
    }

    /** A disabled lock can be neither acquired nor released (Foreman DLM semantics). */
    public LockView setEnabled(String lockName, boolean enabled, String actor, String reason) {
        Names.lockName(lockName);
        return change(lockName, null, actor, (tx, now) -> {
            if (tx.lock().settings().enabled() != enabled) {
                tx.saveSettings(tx.lock().settings().enabled(enabled));
                updates.emit(tx, lockName, enabled ? EventType.ENABLE : EventType.DISABLE, actor, null, reason, Protocol.NATIVE);
            }
        });
    }

    /** No new grants on this lock; holders keep their slots. A reason is required. */
    public LockView freeze(String lockName, String reason, String actor) {
        Names.lockName(lockName);
        String why = LockUpdates.requireReason(reason);
        return change(lockName, null, actor, (tx, now) -> {
            tx.saveSettings(tx.lock().settings().frozen(true, why));
            updates.emit(tx, lockName, EventType.FREEZE, actor, null, why, Protocol.NATIVE);
        });
    }

    public LockView unfreeze(String lockName, String actor) {
        Names.lockName(lockName);
        return change(lockName, null, actor, (tx, now) -> {
            if (tx.lock().settings().frozen()) {
                tx.saveSettings(tx.lock().settings().frozen(false, null));
                updates.emit(tx, lockName, EventType.UNFREEZE, actor, null, null, Protocol.NATIVE);
            }
        });
    }

    /** Stops every new grant on every lock, for incidents. A reason is required. */
    public FleetPolicy freezeFleet(String reason, String actor) {
        String why = LockUpdates.requireReason(reason);
        return updates.updateFleet(new FleetPolicy(true, why, updates.now(), actor), EventType.FREEZE, actor, why, attachment);
    }

    public FleetPolicy unfreezeFleet(String actor) {
        return updates.updateFleet(new FleetPolicy(false, null, updates.now(), actor), EventType.UNFREEZE, actor, null, attachment);
    }

    private interface Change {
        void apply(LockStore.LockTransaction tx, Instant now);
    }

    /** Runs a change of one lock's settings and answers the lock as it is after it. */
    private LockView change(String lockName, LockSettings initial, String actor, Change change) {
        return updates.update(lockName, initial, actor, Protocol.NATIVE, tx -> {
            Instant now = updates.now();
            change.apply(tx, now);
            if (attachment != null) {
                tx.attach(attachment);
            }
            return new Decision(updates.view(tx.lock(), tx.fleet(), now), null, LockUpdates.freeFor(tx.lock(), now));
        }).result();
    }

    private static String describe(Duration d, String none) {
        return d == null ? none : d.toSeconds() + "s";
    }
}
