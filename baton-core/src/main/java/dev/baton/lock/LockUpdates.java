package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The mechanics every part of one server's lock domain shares ({@link LockService}, {@link LockPolicy},
 * {@link LockReader}, {@link LockHousekeeping}, all built together by {@link Locks}):
 * <ul>
 *   <li>the <b>compare-and-set</b> of one lock ({@link #update}) or of the fleet policy ({@link #updateFleet}):
 *       the decision runs inside {@link LockStore#update}, its events are recorded per attempt (an
 *       optimistic store may run it twice) and published to the {@link LockListener} only after the commit,
 *       the lock's creation included; then as many local waiters are woken as the decision freed slots;</li>
 *   <li>the requests waiting on this server ({@link LocalWaiters}) and the id their stored waiters carry;</li>
 *   <li>time, to the millisecond the stores keep, and the rules read at each decision: lease expiry,
 *       staleness, free slots, and the {@link LockView} a caller is shown.</li>
 * </ul>
 * Nothing here decides who gets a slot: the parts do, inside {@link #update}.
 */
final class LockUpdates {

    /** The actor of what the server does by itself (a lease running out, a stale report). */
    static final String SYSTEM = "system";

    private final LockStore store;
    private final LockServiceSettings settings;
    private final InstantSource clock;
    private final LockListener listener;
    private final String serverId = UUID.randomUUID().toString();
    private final LocalWaiters localWaiters = new LocalWaiters();

    LockUpdates(LockStore store, LockServiceSettings settings, InstantSource clock, LockListener listener) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    LockStore store() {
        return store;
    }

    LockServiceSettings settings() {
        return settings;
    }

    LocalWaiters localWaiters() {
        return localWaiters;
    }

    /** The id of this server's stored waiters, so that its heartbeat keeps exactly them alive. */
    String serverId() {
        return serverId;
    }

    /** The current time, to the millisecond the stores keep, so an answer shows what a later read shows. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The settings a lock is created with on first use. */
    LockSettings defaultSettings() {
        return LockSettings.withSlots(settings.defaultSlots());
    }

    // ---------------------------------------------------------------- compare-and-set

    /**
     * Runs a decision on one lock in the store, then publishes its events and wakes as many local waiters
     * as the decision says ({@link Decision#wake()}). When {@code initial} is given and the lock did not
     * exist, the store creates it and the lock's CREATE event (by {@code actor}, via {@code protocol}) is
     * written first, in the same transaction, and published like every other event.
     *
     * @throws LockNotFoundException when the lock does not exist and {@code initial} is {@code null}
     */
    Decision update(String lockName, LockSettings initial, String actor, Protocol protocol,
                    Function<LockStore.LockTransaction, Decision> work) {
        List<LockEvent> events = new ArrayList<>();
        Decision decision = store.update(lockName, initial, tx -> {
            events.clear();
            RecordingTransaction recording = new RecordingTransaction(tx, events);
            if (tx.created()) {
                emit(recording, lockName, EventType.CREATE, actor, null, "slots=" + tx.lock().settings().slots(), protocol);
            }
            return work.apply(recording);
        });
        events.forEach(listener::committed);
        if (decision.wake() > 0) {
            localWaiters.wake(lockName, decision.wake());
        }
        return decision;
    }

    /**
     * Saves a new fleet policy with its event (fleet-wide: no lock name) and the caller's attachment (or
     * {@code null}) in one transaction, publishes the event, and wakes
     * every local waiter: lifting a freeze may have made room on any lock.
     */
    FleetPolicy updateFleet(FleetPolicy policy, EventType type, String actor, String reason, Attachment attachment) {
        List<LockEvent> events = new ArrayList<>();
        FleetPolicy saved = store.updateFleet(tx -> {
            events.clear();
            tx.save(policy);
            LockEvent event = new LockEvent(0, null, policy.changedAt(), type, actor, null, reason, Protocol.NATIVE);
            tx.append(event);
            events.add(event);
            if (attachment != null) {
                tx.attach(attachment);
            }
            return policy;
        });
        events.forEach(listener::committed);
        localWaiters.locks().forEach(name -> localWaiters.wake(name, Integer.MAX_VALUE));
        return saved;
    }

    /** Appends an event, at the current time, to the transaction's lock history. */
    void emit(LockStore.LockTransaction tx, String lockName, EventType type, String actor, String holder,
              String reason, Protocol protocol) {
        tx.append(new LockEvent(0, lockName, now(), type, actor, holder, reason, protocol));
    }

    /** Releases the holders whose lease ran out, each with an EXPIRE event; returns how many. */
    int expireLeases(LockStore.LockTransaction tx, Instant now) {
        int expired = 0;
        for (Hold h : List.copyOf(tx.lock().holders())) {
            if (leaseExpired(tx.lock(), h, now)) {
                tx.removeHolder(h.holder());
                emit(tx, tx.lock().name(), EventType.EXPIRE, SYSTEM, h.holder(),
                        "not renewed within the lease of " + tx.lock().settings().lease().toSeconds() + " s", Protocol.SYSTEM);
                expired++;
            }
        }
        return expired;
    }

    // ---------------------------------------------------------------- rules read at each decision

    static boolean leaseExpired(LockRecord lock, Hold h, Instant now) {
        Duration lease = lock.settings().lease();
        return lease != null && !h.renewedAt().plus(lease).isAfter(now);
    }

    boolean isStale(LockRecord lock, Hold h, Instant now) {
        Duration limit = staleAfter(lock);
        return limit != null && h.acquiredAt().plus(limit).isBefore(now);
    }

    /** The lock's own staleness limit, else the server's default; {@code null} when off. */
    Duration staleAfter(LockRecord lock) {
        Duration own = lock.settings().staleAfter();
        if (own == null) {
            return settings.defaultStaleAfter();
        }
        return own.isZero() ? null : own;
    }

    private LockView.StaleAfterFrom staleAfterFrom(LockRecord lock) {
        return lock.settings().staleAfter() != null ? LockView.StaleAfterFrom.LOCK
                : settings.defaultStaleAfter() != null ? LockView.StaleAfterFrom.SERVER : LockView.StaleAfterFrom.NONE;
    }

    /** Slots a new holder could take now: none while the lock is disabled or frozen. */
    static int freeFor(LockRecord lock, Instant now) {
        LockSettings s = lock.settings();
        return s.enabled() && !s.frozen() ? Math.max(0, s.slots() - lock.holders().size()) : 0;
    }

    /** The lock as callers see it: server defaults applied, staleness as of {@code now}, live waiters in order. */
    LockView view(LockRecord lock, FleetPolicy fleet, Instant now) {
        LockSettings s = lock.settings();
        var holders = lock.holders().stream()
                .map(h -> new LockView.HolderView(h.holder(), h.acquiredAt(), h.renewedAt(), h.protocol(), isStale(lock, h, now)))
                .toList();
        List<Waiter> live = liveWaiters(lock, now);
        List<LockView.WaiterView> waiters = new ArrayList<>(live.size());
        for (int i = 0; i < live.size(); i++) {
            waiters.add(new LockView.WaiterView(live.get(i).holder(), i + 1, live.get(i).since()));
        }
        boolean frozen = s.frozen() || fleet.frozen();
        String reason = s.frozen() ? s.freezeReason() : fleet.frozen() ? "fleet: " + fleet.reason() : null;
        return new LockView(lock.name(), s.slots(), s.enabled(), frozen, reason, staleAfter(lock), staleAfterFrom(lock), s.lease(),
                lock.createdAt(), holders, List.copyOf(waiters));
    }

    private static List<Waiter> liveWaiters(LockRecord lock, Instant now) {
        return lock.waiters().stream()
                .filter(w -> w.expiresAt().isAfter(now))
                .sorted(Comparator.comparingLong(Waiter::seq))
                .toList();
    }

    /** An operator's reason for a change that needs one: required, at most 1000 characters, stripped. */
    static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("a reason is required");
        }
        if (reason.length() > 1000) {
            throw new BadRequestException("reason is longer than 1000 characters");
        }
        return reason.strip();
    }
}
