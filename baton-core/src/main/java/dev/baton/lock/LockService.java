package dev.baton.lock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one lock service every protocol door (native, Foreman DLM, DLM Engine, FleetLock) calls.
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
 *   <li><b>Every change is an event</b> in the lock's history, committed in the same transaction.</li>
 * </ul>
 *
 * <p>Waiting requests block the calling thread (the server uses virtual threads). A release on this
 * server wakes the next local waiter at once; {@link #pump()} wakes waiters whose lock changed elsewhere,
 * and {@link #heartbeat()} keeps this server's stored waiters alive. The server calls both periodically,
 * and {@link #sweep()} for stale reports and lease expiry.
 */
public final class LockService {

    private static final String SYSTEM = "system";
    /** Events deleted per transaction by {@link #purgeEvents()}. */
    static final int PURGE_BATCH = 5_000;

    private final LockStore store;
    private final LockServiceSettings settings;
    private final InstantSource clock;
    private final LockListener listener;
    private final String serverId = UUID.randomUUID().toString();
    private final LocalWaiters localWaiters = new LocalWaiters();

    public LockService(LockStore store, LockServiceSettings settings, InstantSource clock, LockListener listener) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    public LockService(LockStore store) {
        this(store, LockServiceSettings.DEFAULTS, InstantSource.system(), e -> { });
    }

    public LockServiceSettings settings() {
        return settings;
    }

    public String describeStore() {
        return store.describe();
    }

    // ---------------------------------------------------------------- acquire and release

    /**
     * Takes a slot, waiting up to {@link AcquireRequest#waitFor()} for one. Returns when granted, refused,
     * timed out, or (status {@code CANCELLED}) when the calling thread is interrupted while waiting.
     */
    public AcquireResult acquire(AcquireRequest request) {
        if (request.waitFor().compareTo(settings.maxWait()) > 0) {
            throw new BadRequestException("wait may be at most " + settings.maxWait().toSeconds() + " seconds");
        }
        boolean mayQueue = !request.waitFor().isZero();
        Instant deadline = now().plus(request.waitFor());
        // Registered before the first decision, so a slot freed right after it queues still wakes it.
        LocalWaiters.Ticket ticket = mayQueue ? localWaiters.register(request.lockName()) : null;
        try {
            Decision decision;
            try {
                decision = update(request.lockName(), request.create() ? defaultSettings() : null,
                        request.actor(), request.protocol(), tx -> decide(tx, request, null, mayQueue));
            } catch (LockNotFoundException e) {
                return new AcquireResult(AcquireResult.Status.NOT_FOUND, null, 0);
            }
            if (decision.waiter == null) {
                return decision.result();
            }
            return awaitSlot(request, decision.waiter, deadline, ticket);
        } finally {
            if (ticket != null) {
                localWaiters.unregister(ticket);
            }
        }
    }

    private AcquireResult awaitSlot(AcquireRequest request, Waiter waiter, Instant deadline,
                                    LocalWaiters.Ticket ticket) {
        localWaiters.place(ticket, waiter.seq());
        String waiterId = waiter.id();
        try {
            while (true) {
                Duration left = Duration.between(now(), deadline);
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
                Decision decision = update(request.lockName(), null, request.actor(), request.protocol(),
                        tx -> decide(tx, request, waiterId, true));
                if (decision.waiter == null) {
                    return decision.result();
                }
                localWaiters.place(ticket, decision.waiter.seq()); // a new place if its stored one had expired
            }
        } catch (LockNotFoundException e) {
            return new AcquireResult(AcquireResult.Status.NOT_FOUND, null, 0);
        }
    }

    private AcquireResult giveUp(AcquireRequest request, String waiterId, AcquireResult.Status status, String why) {
        // Interrupted status would make the store's I/O fail; the waiter must still leave the queue.
        boolean interrupted = Thread.interrupted();
        try {
            return update(request.lockName(), null, request.actor(), request.protocol(), tx -> {
                Instant now = now();
                int position = tx.waiter(waiterId).map(mine -> tx.waitersAhead(mine.seq(), now, Integer.MAX_VALUE) + 1).orElse(0);
                tx.removeWaiter(waiterId);
                emit(tx, request.lockName(), EventType.REFUSE, request.actor(), request.holder(),
                        why + (position > 0 ? " (was number " + position + " in the queue)" : ""), request.protocol());
                return new Decision(new AcquireResult(status, view(tx.lock(), tx.fleet(), now), position), null,
                        freeFor(tx.lock(), now));
            }).result();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The decision of one acquire attempt, made inside the store's compare-and-set. */
    private Decision decide(LockStore.LockTransaction tx, AcquireRequest request, String waiterId, boolean mayQueue) {
        Instant now = now();
        expireLeases(tx, now);
        LockRecord lock = tx.lock();
        LockSettings policy = lock.settings();
        FleetPolicy fleet = tx.fleet();
        String holder = request.holder();

        if (lock.isHeldBy(holder)) {
            tx.renewHolder(holder, now);
            tx.removeWaitersOf(holder);
            return Decision.answer(AcquireResult.Status.ALREADY_HELD, view(tx.lock(), fleet, now), 0);
        }

        Waiter mine = waiterId == null ? null : tx.waiter(waiterId).orElse(null);
        int free = policy.slots() - lock.holders().size();
        boolean frozen = policy.frozen() || fleet.frozen();
        // Only whether fewer than `free` live waiters stand ahead matters, so count no further than that.
        int ahead = free > 0 ? tx.waitersAhead(mine == null ? Long.MAX_VALUE : mine.seq(), now, free) : 0;

        if (policy.enabled() && !frozen && free > ahead) {
            tx.addHolder(new Hold(holder, now, now, request.protocol(), false));
            tx.removeWaitersOf(holder);
            emit(tx, lock.name(), EventType.ACQUIRE, request.actor(), holder, null, request.protocol());
            return Decision.answer(AcquireResult.Status.GRANTED, view(tx.lock(), fleet, now), 0);
        }
        if (mayQueue) {
            Waiter queued = mine;
            if (queued == null) {
                // A new waiter, or one whose expired place was purged: the back of the queue.
                queued = tx.addWaiter(new Waiter(waiterId != null ? waiterId : UUID.randomUUID().toString(), holder, 0,
                        now, now.plus(settings.waiterTtl()), serverId));
            } else if (!queued.expiresAt().isAfter(now)) {
                // Its request is alive (it is deciding now) though a heartbeat came late: it keeps its place.
                tx.extendWaiter(queued.id(), now.plus(settings.waiterTtl()));
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
        emit(tx, lock.name(), EventType.REFUSE, request.actor(), holder, reason, request.protocol());
        return Decision.answer(status, view(tx.lock(), fleet, now), 0);
    }

    /** Releases the holder's slot. Not holding it is a successful no-op; a disabled lock refuses. */
    public ReleaseResult release(String lockName, String holder, String actor, Protocol protocol, boolean create) {
        Names.lockName(lockName);
        Names.holder(holder);
        try {
            return update(lockName, create ? defaultSettings() : null, actor, protocol, tx -> {
                Instant now = now();
                LockRecord lock = tx.lock();
                if (!lock.settings().enabled()) {
                    emit(tx, lockName, EventType.REFUSE, actor, holder, "release refused: lock is disabled", protocol);
                    return new Decision(new ReleaseResult(ReleaseResult.Status.DISABLED, view(lock, tx.fleet(), now)), null, 0);
                }
                if (!lock.isHeldBy(holder)) {
                    return new Decision(new ReleaseResult(ReleaseResult.Status.NOT_HELD, view(lock, tx.fleet(), now)), null, 0);
                }
                tx.removeHolder(holder);
                emit(tx, lockName, EventType.RELEASE, actor, holder, null, protocol);
                return new Decision(new ReleaseResult(ReleaseResult.Status.RELEASED, view(tx.lock(), tx.fleet(), now)),
                        null, freeFor(tx.lock(), now));
            }).result();
        } catch (LockNotFoundException e) {
            return new ReleaseResult(ReleaseResult.Status.NOT_FOUND, null);
        }
    }

    /** An operator removes a holder's slot, whoever holds it and even on a disabled lock. */
    public ReleaseResult forceRelease(String lockName, String holder, String actor, String reason) {
        return forceRelease(lockName, holder, actor, reason, Protocol.NATIVE);
    }

    /** As {@link #forceRelease(String, String, String, String)}, recording the door the request came by. */
    public ReleaseResult forceRelease(String lockName, String holder, String actor, String reason, Protocol protocol) {
        Names.lockName(lockName);
        Names.holder(holder);
        String why = requireReason(reason);
        try {
            return update(lockName, null, actor, protocol, tx -> {
                Instant now = now();
                if (!tx.lock().isHeldBy(holder)) {
                    return new Decision(new ReleaseResult(ReleaseResult.Status.NOT_HELD, view(tx.lock(), tx.fleet(), now)), null, 0);
                }
                tx.removeHolder(holder);
                emit(tx, lockName, EventType.FORCE_RELEASE, actor, holder, why, protocol);
                return new Decision(new ReleaseResult(ReleaseResult.Status.RELEASED, view(tx.lock(), tx.fleet(), now)),
                        null, freeFor(tx.lock(), now));
            }).result();
        } catch (LockNotFoundException e) {
            return new ReleaseResult(ReleaseResult.Status.NOT_FOUND, null);
        }
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
        try {
            return update(lockName, null, actor, protocol, tx -> {
                Instant now = now();
                LockRecord lock = tx.lock();
                if (!lock.settings().enabled()) {
                    emit(tx, lockName, EventType.REFUSE, actor, claimant, "release refused: lock is disabled", protocol);
                    return new Decision(new ReleaseResult(ReleaseResult.Status.DISABLED, view(lock, tx.fleet(), now)), null, 0);
                }
                List<String> mine = lock.holders().stream().map(Hold::holder).filter(own).toList();
                if (mine.isEmpty()) {
                    boolean others = !lock.holders().isEmpty();
                    // At most a few names: the reason is stored in at most 1,000 characters.
                    String heldBy = String.join(", ", lock.holders().stream().limit(3).map(h -> "'" + h.holder() + "'").toList())
                            + (lock.holders().size() > 3 ? " and " + (lock.holders().size() - 3) + " more" : "");
                    emit(tx, lockName, others ? EventType.REFUSE : EventType.RELEASE, actor, claimant,
                            others ? "release refused: held by " + heldBy : "not held; nothing to release", protocol);
                    return new Decision(new ReleaseResult(ReleaseResult.Status.NOT_HELD, view(lock, tx.fleet(), now)), null, 0);
                }
                for (String holder : mine) {
                    tx.removeHolder(holder);
                    emit(tx, lockName, EventType.RELEASE, actor, holder, null, protocol);
                }
                return new Decision(new ReleaseResult(ReleaseResult.Status.RELEASED, view(tx.lock(), tx.fleet(), now)),
                        null, freeFor(tx.lock(), now));
            }).result();
        } catch (LockNotFoundException e) {
            return new ReleaseResult(ReleaseResult.Status.NOT_FOUND, null);
        }
    }

    /**
     * An operator removes every holder of the lock in one compare-and-set (DLM Engine v1's {@code force}), even on a
     * disabled lock: one {@code force_release} event per holder, with the reason. A lock nobody holds is a successful
     * no-op ({@code NOT_HELD}), recorded as a {@code force_release} event with no holder saying "not held".
     */
    public ReleaseResult forceReleaseAll(String lockName, String actor, String reason, Protocol protocol) {
        Names.lockName(lockName);
        String why = requireReason(reason);
        try {
            return update(lockName, null, actor, protocol, tx -> {
                Instant now = now();
                List<Hold> holders = List.copyOf(tx.lock().holders());
                if (holders.isEmpty()) {
                    String note = "not held; nothing to release: " + why;
                    emit(tx, lockName, EventType.FORCE_RELEASE, actor, null, note.substring(0, Math.min(note.length(), 1000)), protocol);
                    return new Decision(new ReleaseResult(ReleaseResult.Status.NOT_HELD, view(tx.lock(), tx.fleet(), now)), null, 0);
                }
                for (Hold h : holders) {
                    tx.removeHolder(h.holder());
                    emit(tx, lockName, EventType.FORCE_RELEASE, actor, h.holder(), why, protocol);
                }
                return new Decision(new ReleaseResult(ReleaseResult.Status.RELEASED, view(tx.lock(), tx.fleet(), now)),
                        null, freeFor(tx.lock(), now));
            }).result();
        } catch (LockNotFoundException e) {
            return new ReleaseResult(ReleaseResult.Status.NOT_FOUND, null);
        }
    }

    // ---------------------------------------------------------------- policy

    /** Sets the slots of a lock, creating it if needed. Applies to the next decision; evicts nobody. */
    public LockView setSlots(String lockName, int slots, String actor) {
        Names.lockName(lockName);
        LockSettings initial = defaultSettings().slots(slots); // validates the number
        return change(lockName, initial, actor, (tx, now) -> {
            int before = tx.lock().settings().slots();
            if (before != slots) {
                tx.saveSettings(tx.lock().settings().slots(slots));
                emit(tx, lockName, EventType.SLOTS, actor, null, before + " -> " + slots, Protocol.NATIVE);
            }
        });
    }

    /**
     * Sets how long a holder may hold before it is reported stale, and the lease after which an
     * un-renewed holder is released. {@code null} means the server default (stale) or no lease.
     */
    public LockView setTiming(String lockName, Duration staleAfter, Duration lease, String actor) {
        Names.lockName(lockName);
        defaultSettings().timing(staleAfter, lease); // validates
        return change(lockName, defaultSettings(), actor, (tx, now) -> {
            LockSettings s = tx.lock().settings();
            tx.saveSettings(s.timing(staleAfter, lease));
            emit(tx, lockName, EventType.SETTINGS, actor, null,
                    "stale_after=" + describe(staleAfter, "default") + " lease=" + describe(lease, "none"), Protocol.NATIVE);
        });
    }

    /** A disabled lock can be neither acquired nor released (Foreman DLM semantics). */
    public LockView setEnabled(String lockName, boolean enabled, String actor, String reason) {
        Names.lockName(lockName);
        return change(lockName, null, actor, (tx, now) -> {
            if (tx.lock().settings().enabled() != enabled) {
                tx.saveSettings(tx.lock().settings().enabled(enabled));
                emit(tx, lockName, enabled ? EventType.ENABLE : EventType.DISABLE, actor, null, reason, Protocol.NATIVE);
            }
        });
    }

    /** No new grants on this lock; holders keep their slots. A reason is required. */
    public LockView freeze(String lockName, String reason, String actor) {
        Names.lockName(lockName);
        String why = requireReason(reason);
        return change(lockName, null, actor, (tx, now) -> {
            tx.saveSettings(tx.lock().settings().frozen(true, why));
            emit(tx, lockName, EventType.FREEZE, actor, null, why, Protocol.NATIVE);
        });
    }

    public LockView unfreeze(String lockName, String actor) {
        Names.lockName(lockName);
        return change(lockName, null, actor, (tx, now) -> {
            if (tx.lock().settings().frozen()) {
                tx.saveSettings(tx.lock().settings().frozen(false, null));
                emit(tx, lockName, EventType.UNFREEZE, actor, null, null, Protocol.NATIVE);
            }
        });
    }

    /** Stops every new grant on every lock, for incidents. A reason is required. */
    public FleetPolicy freezeFleet(String reason, String actor) {
        String why = requireReason(reason);
        return changeFleet(new FleetPolicy(true, why, now(), actor), EventType.FREEZE, actor, why);
    }

    public FleetPolicy unfreezeFleet(String actor) {
        return changeFleet(new FleetPolicy(false, null, now(), actor), EventType.UNFREEZE, actor, null);
    }

    public FleetPolicy fleet() {
        return store.fleet();
    }

    private FleetPolicy changeFleet(FleetPolicy policy, EventType type, String actor, String reason) {
        List<LockEvent> events = new ArrayList<>();
        FleetPolicy saved = store.updateFleet(tx -> {
            events.clear();
            tx.save(policy);
            LockEvent event = new LockEvent(0, null, policy.changedAt(), type, actor, null, reason, Protocol.NATIVE);
            tx.append(event);
            events.add(event);
            return policy;
        });
        events.forEach(listener::committed);
        localWaiters.locks().forEach(name -> localWaiters.wake(name, Integer.MAX_VALUE));
        return saved;
    }

    // ---------------------------------------------------------------- reading

    public Optional<LockView> show(String lockName) {
        Names.lockName(lockName);
        FleetPolicy fleet = store.fleet();
        Instant now = now();
        return store.read(lockName).map(lock -> view(lock, fleet, now));
    }

    public List<LockView> list() {
        FleetPolicy fleet = store.fleet();
        Instant now = now();
        return store.readAll().stream().map(lock -> view(lock, fleet, now)).toList();
    }

    /** Events newest first; {@code lockName} null for the fleet. {@code limit} between 1 and 1000. */
    public EventPage events(String lockName, Long before, int limit) {
        if (lockName != null) {
            Names.lockName(lockName);
        }
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return store.events(lockName, before, limit);
    }

    // ---------------------------------------------------------------- housekeeping

    /**
     * Reports newly stale holders (once each, as a STALE event) and releases holders whose lease ran
     * out. Returns the number of events written.
     */
    public int sweep() {
        int written = 0;
        Instant now = now();
        for (LockRecord lock : store.readAll()) {
            boolean due = lock.holders().stream().anyMatch(h -> isStale(lock, h, now) && !h.staleReported()
                    || leaseExpired(lock, h, now));
            if (!due) {
                continue;
            }
            try {
                written += update(lock.name(), null, SYSTEM, Protocol.SYSTEM, tx -> {
                    Instant at = now();
                    int expired = expireLeases(tx, at);
                    int stale = 0;
                    for (Hold h : tx.lock().holders()) {
                        if (isStale(tx.lock(), h, at) && !h.staleReported()) {
                            tx.markStaleReported(h.holder());
                            emit(tx, lock.name(), EventType.STALE, SYSTEM, h.holder(),
                                    "held since " + h.acquiredAt() + ", longer than " + staleAfter(tx.lock()).toMinutes() + " min",
                                    Protocol.SYSTEM);
                            stale++;
                        }
                    }
                    return new Decision(expired + stale, null, freeFor(tx.lock(), at));
                }).<Integer>result();
            } catch (LockNotFoundException e) {
                // deleted meanwhile
            }
        }
        return written;
    }

    /**
     * Keeps this server's stored waiters in the queue, and deletes the waiters of dead servers once they
     * are a further {@code waiterTtl} past their expiry (expired waiters already count for nothing; the
     * grace lets a live request whose heartbeat was late keep its place). Call more often than {@code waiterTtl}.
     */
    public void heartbeat() {
        if (localWaiters.count() > 0) {
            store.extendWaiters(serverId, now().plus(settings.waiterTtl()));
        }
        store.purgeExpiredWaiters(now().minus(settings.waiterTtl()));
    }

    /**
     * Deletes the events older than {@link LockServiceSettings#eventRetention()} (nothing when it is zero),
     * a batch per transaction so that writers wait at most one batch. Returns how many it deleted.
     */
    public long purgeEvents() {
        if (settings.eventRetention().isZero()) {
            return 0;
        }
        Instant before = now().minus(settings.eventRetention());
        long purged = 0;
        int deleted;
        do {
            deleted = store.purgeEvents(before, PURGE_BATCH);
            purged += deleted;
        } while (deleted == PURGE_BATCH);
        return purged;
    }

    /** Wakes local waiters of locks that have room, whatever changed them (another server, a lease). */
    public void pump() {
        Instant now = now();
        for (String name : List.copyOf(localWaiters.locks())) {
            store.readWithoutQueue(name).ifPresent(lock -> {
                // Room appears by a release elsewhere (seen as a free slot) or by a lease running out here.
                long expiring = lock.holders().stream().filter(h -> leaseExpired(lock, h, now)).count();
                int room = freeFor(lock, now) + (int) expiring;
                if (room > 0) {
                    localWaiters.wake(name, room);
                }
            });
        }
    }

    /** How many requests are waiting on this server right now. */
    public int localWaiterCount() {
        return localWaiters.count();
    }

    // ---------------------------------------------------------------- helpers

    /** The current time, to the millisecond the stores keep, so an answer shows what a later read shows. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private LockSettings defaultSettings() {
        return LockSettings.withSlots(settings.defaultSlots());
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("a reason is required");
        }
        if (reason.length() > 1000) {
            throw new BadRequestException("reason is longer than 1000 characters");
        }
        return reason.strip();
    }

    private static String describe(Duration d, String none) {
        return d == null ? none : d.toSeconds() + "s";
    }

    private interface Change {
        void apply(LockStore.LockTransaction tx, Instant now);
    }

    private LockView change(String lockName, LockSettings initial, String actor, Change change) {
        return update(lockName, initial, actor, Protocol.NATIVE, tx -> {
            Instant now = now();
            change.apply(tx, now);
            return new Decision(view(tx.lock(), tx.fleet(), now), null, freeFor(tx.lock(), now));
        }).result();
    }

    /**
     * Runs a decision in the store, then publishes its events and wakes as many local waiters as there
     * are free slots. Events are collected per attempt: an optimistic store may run the work twice.
     */
    private Decision update(String lockName, LockSettings initial, String actor, Protocol protocol,
                                Function<LockStore.LockTransaction, Decision> work) {
        List<LockEvent> events = new ArrayList<>();
        Decision decision = store.update(lockName, initial, tx -> {
            events.clear();
            Recording recording = new Recording(tx, events);
            if (tx.created()) {
                emit(recording, lockName, EventType.CREATE, actor, null, "slots=" + tx.lock().settings().slots(), protocol);
            }
            return work.apply(recording);
        });
        events.forEach(listener::committed);
        if (decision.wake > 0) {
            localWaiters.wake(lockName, decision.wake);
        }
        return decision;
    }

    private void emit(LockStore.LockTransaction tx, String lockName, EventType type, String actor, String holder,
                      String reason, Protocol protocol) {
        tx.append(new LockEvent(0, lockName, now(), type, actor, holder, reason, protocol));
    }

    private int expireLeases(LockStore.LockTransaction tx, Instant now) {
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

    private static boolean leaseExpired(LockRecord lock, Hold h, Instant now) {
        Duration lease = lock.settings().lease();
        return lease != null && !h.renewedAt().plus(lease).isAfter(now);
    }

    private boolean isStale(LockRecord lock, Hold h, Instant now) {
        return h.acquiredAt().plus(staleAfter(lock)).isBefore(now);
    }

    private Duration staleAfter(LockRecord lock) {
        Duration own = lock.settings().staleAfter();
        return own != null ? own : settings.defaultStaleAfter();
    }

    private static List<Waiter> liveWaiters(LockRecord lock, Instant now) {
        return lock.waiters().stream()
                .filter(w -> w.expiresAt().isAfter(now))
                .sorted(Comparator.comparingLong(Waiter::seq))
                .toList();
    }

    private static int freeFor(LockRecord lock, Instant now) {
        LockSettings s = lock.settings();
        return s.enabled() && !s.frozen() ? Math.max(0, s.slots() - lock.holders().size()) : 0;
    }

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
        return new LockView(lock.name(), s.slots(), s.enabled(), frozen, reason, staleAfter(lock), s.lease(),
                lock.createdAt(), holders, List.copyOf(waiters));
    }

    /**
     * What a decision produced.
     *
     * @param value  the answer for the caller
     * @param waiter set when the caller was queued and must wait
     * @param wake   how many local waiters to wake after commit
     */
    private record Decision(Object value, Waiter waiter, int wake) {
        static Decision answer(AcquireResult.Status status, LockView view, int position) {
            return new Decision(new AcquireResult(status, view, position), null, view.free());
        }

        @SuppressWarnings("unchecked")
        <R> R result() {
            return (R) value;
        }
    }

    /** Passes every call through and records appended events, so they are published after commit. */
    private record Recording(LockStore.LockTransaction tx, List<LockEvent> events) implements LockStore.LockTransaction {
        public LockRecord lock() { return tx.lock(); }
        public boolean created() { return tx.created(); }
        public FleetPolicy fleet() { return tx.fleet(); }
        public int waitersAhead(long seq, Instant now, int cap) { return tx.waitersAhead(seq, now, cap); }
        public java.util.Optional<Waiter> waiter(String waiterId) { return tx.waiter(waiterId); }
        public void extendWaiter(String waiterId, Instant expiresAt) { tx.extendWaiter(waiterId, expiresAt); }
        public void saveSettings(LockSettings s) { tx.saveSettings(s); }
        public void addHolder(Hold hold) { tx.addHolder(hold); }
        public void renewHolder(String holder, Instant at) { tx.renewHolder(holder, at); }
        public void markStaleReported(String holder) { tx.markStaleReported(holder); }
        public void removeHolder(String holder) { tx.removeHolder(holder); }
        public Waiter addWaiter(Waiter waiter) { return tx.addWaiter(waiter); }
        public void removeWaiter(String waiterId) { tx.removeWaiter(waiterId); }
        public void removeWaitersOf(String holder) { tx.removeWaitersOf(holder); }
        public void append(LockEvent event) { tx.append(event); events.add(event); }
    }
}
