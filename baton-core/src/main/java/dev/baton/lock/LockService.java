package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Taking and giving back slots: the one service every protocol door (native, Foreman DLM, DLM Engine,
 * FleetLock) calls to acquire and release. Built by {@link Locks}, beside the policy changes
 * ({@link LockPolicy}), the reads ({@link LockReader}) and the housekeeping ({@link LockHousekeeping}) of
 * the same locks.
 *
 * <p>A lock is a named counting semaphore: at most {@code slots} holders at once. The invariants,
 * which hold across any number of servers sharing one store:
 * <ul>
 *   <li><b>At most {@code slots} holders are ever granted.</b> Every decision runs inside
 *       {@link LockStore#update}, which is a compare-and-set on the lock.</li>
 *   <li><b>A grant is durable before it is answered</b>: {@code update} commits before it returns.</li>
 *   <li><b>Acquire is re-entrant and idempotent</b>: a holder asking again keeps its one slot and is told
 *       it holds it ({@link AcquireResult.Status#ALREADY_HELD}).</li>
 *   <li><b>Release is holder-checked</b>: releasing a slot you do not hold changes nothing and says so.
 *       Only {@link #forceRelease} (an operator, with a reason) removes someone else's slot.</li>
 *   <li><b>Waiting is fair</b>: waiters are stored in one first-come first-served queue; a slot goes to
 *       the first live waiter, and a caller that does not wait is refused while anyone waits ahead of it.
 *       A waiter that gives up, times out or is cancelled (its thread interrupted) leaves the queue.</li>
 *   <li><b>Policy is read when deciding</b>: slots, enabled, freeze (of the lock or the fleet), lease and
 *       staleness come from the lock's settings at the moment of each decision. Lowering slots below the
 *       current holders evicts nobody; nothing is released automatically unless the lock has a lease.</li>
 *   <li><b>Every change is an event</b> in the lock's history, committed in the same transaction, and told
 *       to the {@link LockListener} after the commit; a lock created on first use gets its CREATE event.</li>
 * </ul>
 *
 * <p>Waiting requests block the calling thread (the server uses virtual threads). A release on this
 * server wakes the next local waiter at once; {@link LockHousekeeping#pump()} wakes waiters whose lock
 * changed elsewhere, and {@link LockHousekeeping#heartbeat()} keeps this server's stored waiters alive. A
 * waiting request whose server dies leaves the queue once its stored waiter expires
 * ({@link LockServiceSettings#waiterTtl()}).
 */
public final class LockService {

    private final LockUpdates updates;

    LockService(LockUpdates updates) {
        this.updates = updates;
    }

    public LockServiceSettings settings() {
        return updates.settings();
    }

    // ---------------------------------------------------------------- acquire

    /**
     * Takes a slot, waiting up to {@link AcquireRequest#waitFor()} for one. Returns when granted, refused,
     * timed out, or (status {@code CANCELLED}) when the calling thread is interrupted while waiting.
     */
    public AcquireResult acquire(AcquireRequest request) {
        if (request.waitFor().compareTo(updates.settings().maxWait()) > 0) {
            throw new BadRequestException("wait may be at most " + updates.settings().maxWait().toSeconds() + " seconds");
        }
        boolean mayQueue = !request.waitFor().isZero();
        Instant deadline = updates.now().plus(request.waitFor());
        LocalWaiters localWaiters = updates.localWaiters();
        // Registered before the first decision, so a slot freed right after it queues still wakes it.
        LocalWaiters.Ticket ticket = mayQueue ? localWaiters.register(request.lockName()) : null;
        try {
            Decision decision;
            try {
                decision = updates.update(request.lockName(), request.create() ? updates.defaultSettings() : null,
                        request.actor(), request.protocol(), tx -> decide(tx, request, null, mayQueue));
            } catch (LockNotFoundException e) {
                return new AcquireResult(AcquireResult.Status.NOT_FOUND, null, 0);
            }
            if (decision.waiter() == null) {
                return decision.result();
            }
            return awaitSlot(request, decision.waiter(), deadline, ticket);
        } finally {
            if (ticket != null) {
                localWaiters.unregister(ticket);
            }
        }
    }

    private AcquireResult awaitSlot(AcquireRequest request, Waiter waiter, Instant deadline,
                                    LocalWaiters.Ticket ticket) {
        LocalWaiters localWaiters = updates.localWaiters();
        localWaiters.place(ticket, waiter.seq());
        String waiterId = waiter.id();
        try {
            while (true) {
                Duration left = Duration.between(updates.now(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return giveUp(request, waiterId, AcquireResult.Status.TIMEOUT,
                            "timed out after waiting " + request.waitFor().toSeconds() + " s");
                }
                try {
                    ticket.await(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return giveUp(request, waiterId, AcquireResult.Status.CANCELLED, "the waiting caller went away");
                }
                Decision decision = updates.update(request.lockName(), null, request.actor(), request.protocol(),
                        tx -> decide(tx, request, waiterId, true));
                if (decision.waiter() == null) {
                    return decision.result();
                }
                localWaiters.place(ticket, decision.waiter().seq()); // a new place if its stored one had expired
            }
        } catch (LockNotFoundException e) {
            return new AcquireResult(AcquireResult.Status.NOT_FOUND, null, 0);
        }
    }

    private AcquireResult giveUp(AcquireRequest request, String waiterId, AcquireResult.Status status, String why) {
        // Interrupted status would make the store's I/O fail; the waiter must still leave the queue.
        boolean interrupted = Thread.interrupted();
        try {
            return updates.update(request.lockName(), null, request.actor(), request.protocol(), tx -> {
                Instant now = updates.now();
                int position = tx.waiter(waiterId).map(mine -> tx.waitersAhead(mine.seq(), now, Integer.MAX_VALUE) + 1).orElse(0);
                tx.removeWaiter(waiterId);
                updates.emit(tx, request.lockName(), EventType.REFUSE, request.actor(), request.holder(),
                        why + (position > 0 ? " (was number " + position + " in the queue)" : ""), request.protocol());
                return new Decision(new AcquireResult(status, updates.view(tx.lock(), tx.fleet(), now), position), null,
                        LockUpdates.freeFor(tx.lock(), now));
            }).result();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The decision of one acquire attempt, made inside the store's compare-and-set. */
    private Decision decide(LockStore.LockTransaction tx, AcquireRequest request, String waiterId, boolean mayQueue) {
        Instant now = updates.now();
        updates.expireLeases(tx, now);
        LockRecord lock = tx.lock();
        LockSettings policy = lock.settings();
        FleetPolicy fleet = tx.fleet();
        String holder = request.holder();

        if (lock.isHeldBy(holder)) {
            tx.renewHolder(holder, now);
            tx.removeWaitersOf(holder);
            return Decision.answer(AcquireResult.Status.ALREADY_HELD, updates.view(tx.lock(), fleet, now), 0);
        }

        Waiter mine = waiterId == null ? null : tx.waiter(waiterId).orElse(null);
        int free = policy.slots() - lock.holders().size();
        boolean frozen = policy.frozen() || fleet.frozen();
        // Only whether fewer than `free` live waiters stand ahead matters, so count no further than that.
        int ahead = free > 0 ? tx.waitersAhead(mine == null ? Long.MAX_VALUE : mine.seq(), now, free) : 0;

        if (policy.enabled() && !frozen && free > ahead) {
            tx.addHolder(new Hold(holder, now, now, request.protocol(), false));
            tx.removeWaitersOf(holder);
            updates.emit(tx, lock.name(), EventType.ACQUIRE, request.actor(), holder, null, request.protocol());
            return Decision.answer(AcquireResult.Status.GRANTED, updates.view(tx.lock(), fleet, now), 0);
        }
        if (mayQueue) {
            Waiter queued = mine;
            Duration ttl = updates.settings().waiterTtl();
            if (queued == null) {
                // A new waiter, or one whose expired place was purged: the back of the queue.
                queued = tx.addWaiter(new Waiter(waiterId != null ? waiterId : UUID.randomUUID().toString(), holder, 0,
                        now, now.plus(ttl), updates.serverId()));
            } else if (!queued.expiresAt().isAfter(now)) {
                // Its request is alive (it is deciding now) though a heartbeat came late: it keeps its place.
                tx.extendWaiter(queued.id(), now.plus(ttl));
            }
            // The view lists no waiters (they are not loaded in a decision): this answer is never shown.
            return new Decision(new AcquireResult(AcquireResult.Status.FULL, null, 0), queued, 0);
        }
        AcquireResult.Status status;
        String reason;
        if (!policy.enabled()) {
            status = AcquireResult.Status.DISABLED;
            reason = "lock is disabled";
        } else if (frozen) {
            status = AcquireResult.Status.FROZEN;
            reason = policy.frozen() ? "lock is frozen: " + policy.freezeReason() : "fleet is frozen: " + fleet.reason();
        } else {
            status = AcquireResult.Status.FULL;
            reason = free <= 0
                    ? "all " + policy.slots() + " slots are held"
                    : "at least " + ahead + " waiting ahead for " + free + " free slot" + (free == 1 ? "" : "s");
        }
        updates.emit(tx, lock.name(), EventType.REFUSE, request.actor(), holder, reason, request.protocol());
        return Decision.answer(status, updates.view(tx.lock(), fleet, now), 0);
    }

    // ---------------------------------------------------------------- release

    /** Releases the holder's slot. Not holding it is a successful no-op; a disabled lock refuses. */
    public ReleaseResult release(String lockName, String holder, String actor, Protocol protocol, boolean create) {
        Names.lockName(lockName);
        Names.holder(holder);
        return releasing(lockName, create ? updates.defaultSettings() : null, actor, protocol, (tx, now) -> {
            if (!tx.lock().settings().enabled()) {
                return refusedAsDisabled(tx, now, actor, holder, protocol);
            }
            if (!tx.lock().isHeldBy(holder)) {
                return released(ReleaseResult.Status.NOT_HELD, tx, now);
            }
            tx.removeHolder(holder);
            updates.emit(tx, lockName, EventType.RELEASE, actor, holder, null, protocol);
            return released(ReleaseResult.Status.RELEASED, tx, now);
        });
    }

    /** An operator removes a holder's slot, whoever holds it and even on a disabled lock. */
    public ReleaseResult forceRelease(String lockName, String holder, String actor, String reason) {
        return forceRelease(lockName, holder, actor, reason, Protocol.NATIVE);
    }

    /** As {@link #forceRelease(String, String, String, String)}, recording the door the request came by. */
    public ReleaseResult forceRelease(String lockName, String holder, String actor, String reason, Protocol protocol) {
        return forceRelease(lockName, holder, actor, reason, protocol, null);
    }

    /**
     * As {@link #forceRelease(String, String, String, String, Protocol)}, writing {@code attachment} (the audit entry of
     * the operator's change; {@code null}: none) in the same transaction when, and only when, a slot was released.
     */
    public ReleaseResult forceRelease(String lockName, String holder, String actor, String reason, Protocol protocol,
                                      Attachment attachment) {
        Names.lockName(lockName);
        Names.holder(holder);
        String why = LockUpdates.requireReason(reason);
        return releasing(lockName, null, actor, protocol, (tx, now) -> {
            if (!tx.lock().isHeldBy(holder)) {
                return released(ReleaseResult.Status.NOT_HELD, tx, now);
            }
            tx.removeHolder(holder);
            updates.emit(tx, lockName, EventType.FORCE_RELEASE, actor, holder, why, protocol);
            if (attachment != null) {
                tx.attach(attachment);
            }
            return released(ReleaseResult.Status.RELEASED, tx, now);
        });
    }

    /**
     * Releases, in one compare-and-set, every slot of the lock whose holder {@code own} accepts: DLM Engine's
     * release, where a v2 DELETE names no holder (the credential's holder names decide) and a v1 DELETE names one.
     * <ul>
     *   <li>Some slots were the caller's: {@code RELEASED}, one {@code release} event each.</li>
     *   <li>None were and nobody else holds one: {@code NOT_HELD}, a successful no-op that the history records as a
     *       {@code release} event saying "not held" (a host whose slot an operator force-released can finish).</li>
     *   <li>None were and others hold slots: {@code NOT_HELD} with a view naming them (it was read in the same
     *       transaction), recorded as a {@code refuse} event; the door answers that someone else holds it.</li>
     *   <li>A disabled lock: {@code DISABLED}, a {@code refuse} event; an unknown lock: {@code NOT_FOUND}.</li>
     * </ul>
     *
     * @param claimant the holder the caller says it is, for the history; null when it is not one name (an
     *                 operator's credential, or one bound to several holder names)
     */
    public ReleaseResult releaseOwn(String lockName, Predicate<String> own, String claimant, String actor, Protocol protocol) {
        Names.lockName(lockName);
        if (claimant != null) {
            Names.holder(claimant);
        }
        return releasing(lockName, null, actor, protocol, (tx, now) -> {
            LockRecord lock = tx.lock();
            if (!lock.settings().enabled()) {
                return refusedAsDisabled(tx, now, actor, claimant, protocol);
            }
            List<String> mine = lock.holders().stream().map(Hold::holder).filter(own).toList();
            if (mine.isEmpty()) {
                boolean others = !lock.holders().isEmpty();
                // At most a few names: the reason is stored in at most 1,000 characters.
                String heldBy = String.join(", ", lock.holders().stream().limit(3).map(h -> "'" + h.holder() + "'").toList())
                        + (lock.holders().size() > 3 ? " and " + (lock.holders().size() - 3) + " more" : "");
                updates.emit(tx, lockName, others ? EventType.REFUSE : EventType.RELEASE, actor, claimant,
                        others ? "release refused: held by " + heldBy : "not held; nothing to release", protocol);
                return released(ReleaseResult.Status.NOT_HELD, tx, now);
            }
            for (String holder : mine) {
                tx.removeHolder(holder);
                updates.emit(tx, lockName, EventType.RELEASE, actor, holder, null, protocol);
            }
            return released(ReleaseResult.Status.RELEASED, tx, now);
        });
    }

    /**
     * An operator removes every holder of the lock in one compare-and-set (DLM Engine v1's {@code force}), even on a
     * disabled lock: one {@code force_release} event per holder, with the reason. A lock nobody holds is a successful
     * no-op ({@code NOT_HELD}), recorded as a {@code force_release} event with no holder saying "not held".
     */
    public ReleaseResult forceReleaseAll(String lockName, String actor, String reason, Protocol protocol) {
        return forceReleaseAll(lockName, actor, reason, protocol, null);
    }

    /**
     * As {@link #forceReleaseAll(String, String, String, Protocol)}, writing {@code attachment} (the audit entry of the
     * operator's change; {@code null}: none) in the same transaction, also when nobody held the lock.
     */
    public ReleaseResult forceReleaseAll(String lockName, String actor, String reason, Protocol protocol, Attachment attachment) {
        Names.lockName(lockName);
        String why = LockUpdates.requireReason(reason);
        return releasing(lockName, null, actor, protocol, (tx, now) -> {
            if (attachment != null) {
                tx.attach(attachment);
            }
            List<Hold> holders = List.copyOf(tx.lock().holders());
            if (holders.isEmpty()) {
                String note = "not held; nothing to release: " + why;
                updates.emit(tx, lockName, EventType.FORCE_RELEASE, actor, null, note.substring(0, Math.min(note.length(), 1000)), protocol);
                return released(ReleaseResult.Status.NOT_HELD, tx, now);
            }
            for (Hold h : holders) {
                tx.removeHolder(h.holder());
                updates.emit(tx, lockName, EventType.FORCE_RELEASE, actor, h.holder(), why, protocol);
            }
            return released(ReleaseResult.Status.RELEASED, tx, now);
        });
    }

    // ---------------------------------------------------------------- what the releases share

    /** One release decision, made inside the store's compare-and-set at the decision's time. */
    private interface ReleaseDecision {
        Decision decide(LockStore.LockTransaction tx, Instant now);
    }

    /** Runs a release decision on the lock; an unknown lock is {@code NOT_FOUND}. */
    private ReleaseResult releasing(String lockName, LockSettings initial, String actor, Protocol protocol, ReleaseDecision decision) {
        try {
            return updates.update(lockName, initial, actor, protocol, tx -> decision.decide(tx, updates.now())).result();
        } catch (LockNotFoundException e) {
            return new ReleaseResult(ReleaseResult.Status.NOT_FOUND, null);
        }
    }

    /** The answer of a release with the lock as it is now, waking as many local waiters as a release freed slots. */
    private Decision released(ReleaseResult.Status status, LockStore.LockTransaction tx, Instant now) {
        return new Decision(new ReleaseResult(status, updates.view(tx.lock(), tx.fleet(), now)), null,
                status == ReleaseResult.Status.RELEASED ? LockUpdates.freeFor(tx.lock(), now) : 0);
    }

    /** A disabled lock releases nothing (Foreman DLM semantics); the refusal is in the history. */
    private Decision refusedAsDisabled(LockStore.LockTransaction tx, Instant now, String actor, String holder, Protocol protocol) {
        updates.emit(tx, tx.lock().name(), EventType.REFUSE, actor, holder, "release refused: lock is disabled", protocol);
        return released(ReleaseResult.Status.DISABLED, tx, now);
    }
}
