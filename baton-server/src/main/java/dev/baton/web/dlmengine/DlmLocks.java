package dev.baton.web.dlmengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Principal;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.Attachment;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.Locks;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.web.ApiError;
import dev.baton.web.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What DLM Engine v1 and v2 share: acquire, release and lookup over the lock service, with Baton's safety where
 * the original had none. A DLM Engine lock "exists" while it is held: free locks answer 404.
 *
 * The doors have validated their input and passed the caller through the {@link dev.baton.web.HolderGate}: it is a
 * Baton API credential ({@code x-secret-id} or {@code x-id}, and {@code x-secret}) allowed to hold as
 * {@code acquired_by} (a host credential is bound to its holder names).
 * <ul>
 *   <li>Acquire by the current holder answers success again (the original answered 400).</li>
 *   <li>Release is holder-checked: releasing a lock nobody holds is a successful no-op (the history says "not
 *       held"), releasing one that another holder holds is 409. A v1 {@code force} release needs an operator
 *       credential. Both are one compare-and-set of the lock service.</li>
 * </ul>
 */
final class DlmLocks {

    /** What an acquire came to, in DLM Engine's terms. */
    enum Acquired { HELD, BUSY, BLOCKED, UNKNOWN }

    record Acquire(Acquired outcome, LockView.HolderView hold, String message) {
    }

    private final LockService locks;
    private final LockReader reader;
    private final boolean createOnFirstUse;

    DlmLocks(Locks locks, boolean createOnFirstUse) {
        this.locks = locks.service();
        this.reader = locks.reader();
        this.createOnFirstUse = createOnFirstUse;
    }

    Acquire acquire(Principal caller, String name, String acquiredBy, Protocol protocol) {
        AcquireResult result = locks.acquire(new AcquireRequest(name, acquiredBy, caller.name(), protocol,
                Duration.ZERO, createOnFirstUse));
        return switch (result.status()) {
            case GRANTED, ALREADY_HELD -> new Acquire(Acquired.HELD, holdOf(result.lock(), acquiredBy).orElseThrow(), null);
            case NOT_FOUND -> new Acquire(Acquired.UNKNOWN, null, "no lock named '" + name + "'");
            case FROZEN -> new Acquire(Acquired.BLOCKED, null, "lock '" + name + "' is frozen: " + result.lock().freezeReason());
            case DISABLED -> new Acquire(Acquired.BLOCKED, null, "lock '" + name + "' is disabled");
            default -> new Acquire(Acquired.BUSY, null, "Duplicate Resource");
        };
    }

    /**
     * v1 DELETE: releases {@code holder}'s slot. Returns (200) when released or when nobody holds the lock (a host
     * whose slot an operator force-released must be able to finish); 409 when another holder holds it; 423 when the
     * lock is disabled.
     */
    void release(Principal caller, String name, String holder, Protocol protocol) {
        answer(name, "'" + holder + "'", locks.releaseOwn(name, holder::equals, holder, caller.name(), protocol));
    }

    /**
     * v2 DELETE names no holder: it releases, in one step, the slots of this lock that the caller may hold as (a host
     * credential's own holder names; an operator may hold as anyone). As {@link #release} otherwise.
     */
    void releaseOwn(Principal caller, String name, Protocol protocol) {
        String claimant = caller.holders().size() == 1 ? caller.holders().iterator().next() : null;
        String names = String.join(", ", caller.holders().stream().sorted().map(h -> "'" + h + "'").toList());
        answer(name, names, locks.releaseOwn(name, caller::canHold, claimant, caller.name(), protocol));
    }

    /**
     * v1 {@code force}: an operator (the door checked) removes whoever holds the lock, in one step, with the history
     * saying so, and {@code audit} (its audit entry) written in the same transaction. A lock nobody holds is a
     * successful no-op.
     */
    void forceRelease(Principal caller, String name, String requestedBy, Attachment audit) {
        locks.forceReleaseAll(name, caller.name(), FORCED_BY_V1 + " (acquired_by '" + requestedBy + "')", Protocol.DLM_V1, audit);
    }

    /** The reason of a v1 {@code force} release, which carries none of its own. */
    static final String FORCED_BY_V1 = "forced by a DLM Engine v1 client";

    /** Turns a release's result into DLM Engine's answer: nothing for success, else the error. */
    private static void answer(String name, String claimant, ReleaseResult result) {
        switch (result.status()) {
            case RELEASED, NOT_FOUND -> { }
            case DISABLED -> throw new ApiError(423, "disabled", "lock '" + name + "' is disabled: nothing can be released");
            case NOT_HELD -> {
                if (!result.lock().holders().isEmpty()) {
                    throw new ApiError(409, "conflict", "lock '" + name + "' is held by " + holders(result.lock())
                            + ", not by " + claimant);
                }
            }
        }
    }

    /** The lock's holder as the caller should see it: its own slot when it has one, else the oldest. */
    Optional<LockView.HolderView> shown(Principal caller, String name) {
        return reader.show(name).flatMap(v -> v.holders().stream()
                .filter(h -> caller.holders().contains(h.holder()))
                .findFirst()
                .or(() -> v.holders().stream().min(Comparator.comparing(LockView.HolderView::acquiredAt))));
    }

    /** Every held slot whose lock name and holder match, lock by lock. */
    List<ObjectNode> search(SafeRegex lockId, SafeRegex acquiredBy) {
        List<ObjectNode> found = new ArrayList<>();
        for (LockView v : reader.list()) {
            if (v.holders().isEmpty() || !lockId.find(v.name())) {
                continue;
            }
            for (var h : v.holders()) {
                if (acquiredBy.find(h.holder())) {
                    found.add(json(v.name(), h));
                }
            }
        }
        return found;
    }

    static ObjectNode json(String name, LockView.HolderView hold) {
        return Json.object().put("id", name).put("acquired_by", hold.holder()).put("acquired_since", Json.time(hold.acquiredAt()));
    }

    private static Optional<LockView.HolderView> holdOf(LockView view, String holder) {
        return view.holders().stream().filter(h -> h.holder().equals(holder)).findFirst();
    }

    private static String holders(LockView view) {
        return String.join(", ", view.holders().stream().map(h -> "'" + h.holder() + "'").toList());
    }
}
