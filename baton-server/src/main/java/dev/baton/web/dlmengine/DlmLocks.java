package dev.baton.web.dlmengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Principal;
import dev.baton.hosts.HostRegistry;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.web.ApiError;
import dev.baton.web.Authenticator;
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
 * <ul>
 *   <li>The caller is a Baton API credential ({@code x-secret-id} or {@code x-id}, and {@code x-secret}); it must be
 *       allowed to hold as {@code acquired_by} (a host credential is bound to its holder names).</li>
 *   <li>Acquire by the current holder answers success again (the original answered 400).</li>
 *   <li>Release is holder-checked; a v1 {@code force} release needs an operator credential.</li>
 * </ul>
 */
final class DlmLocks {

    /** What an acquire came to, in DLM Engine's terms. */
    enum Acquired { HELD, BUSY, BLOCKED, UNKNOWN }

    record Acquire(Acquired outcome, LockView.HolderView hold, String message) {
    }

    private final LockService locks;
    private final LockReader reader;
    private final HostRegistry hosts;
    private final boolean createOnFirstUse;

    DlmLocks(Locks locks, HostRegistry hosts, boolean createOnFirstUse) {
        this.locks = locks.service();
        this.reader = locks.reader();
        this.hosts = hosts;
        this.createOnFirstUse = createOnFirstUse;
    }

    Acquire acquire(Principal caller, String name, String acquiredBy, Protocol protocol) {
        Names.lockName(name);
        Names.holder(acquiredBy);
        Authenticator.requireHolder(caller, acquiredBy);
        hosts.checkIn(acquiredBy, protocol.wireName());
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
     * Releases {@code holder}'s slot (holder-checked). Answers whether something was released; 404 when the
     * holder held nothing, 423 when the lock is disabled.
     */
    void release(Principal caller, String name, String holder, Protocol protocol) {
        Names.lockName(name);
        Names.holder(holder);
        Authenticator.requireHolder(caller, holder);
        hosts.checkIn(holder, protocol.wireName());
        ReleaseResult result = locks.release(name, holder, caller.name(), protocol, false);
        switch (result.status()) {
            case RELEASED -> { }
            case DISABLED -> throw new ApiError(423, "disabled", "lock '" + name + "' is disabled: nothing can be released");
            default -> throw notHeld(name, result.lock(), holder);
        }
    }

    /**
     * v2 DELETE names no holder: it releases the slots of this lock that the caller may hold as (a host credential's
     * own holder names; an operator may hold as anyone). 404 when nobody holds it, 403 when only others do.
     */
    void releaseOwn(Principal caller, String name, Protocol protocol) {
        Names.lockName(name);
        LockView view = reader.show(name).orElseThrow(() -> ApiError.notFound("Not Found"));
        if (view.holders().isEmpty()) {
            throw ApiError.notFound("Not Found");
        }
        List<String> mine = view.holders().stream().map(LockView.HolderView::holder).filter(caller::canHold).toList();
        if (mine.isEmpty()) {
            throw ApiError.forbidden("lock '" + name + "' is held by " + holders(view) + ", not by a holder name of this credential");
        }
        for (String holder : mine) {
            hosts.checkIn(holder, protocol.wireName());
            ReleaseResult result = locks.release(name, holder, caller.name(), protocol, false);
            if (result.status() == ReleaseResult.Status.DISABLED) {
                throw new ApiError(423, "disabled", "lock '" + name + "' is disabled: nothing can be released");
            }
        }
    }

    /** v1 {@code force}: an operator removes whoever holds the lock, with the history saying so. */
    void forceRelease(Principal caller, String name, String requestedBy) {
        Authenticator.requireOperator(caller);
        LockView view = reader.show(Names.lockName(name)).orElseThrow(() -> ApiError.notFound("lock '" + name + "' is not held"));
        if (view.holders().isEmpty()) {
            throw ApiError.notFound("lock '" + name + "' is not held");
        }
        for (var h : view.holders()) {
            locks.forceRelease(name, h.holder(), caller.name(),
                    "forced by a DLM Engine v1 client (acquired_by '" + requestedBy + "')", dev.baton.lock.Protocol.DLM_V1);
        }
    }

    /** The lock's holder as the caller should see it: its own slot when it has one, else the oldest. */
    Optional<LockView.HolderView> shown(Principal caller, String name) {
        return reader.show(Names.lockName(name)).flatMap(v -> v.holders().stream()
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

    private static ApiError notHeld(String name, LockView view, String holder) {
        if (view == null || view.holders().isEmpty()) {
            return ApiError.notFound("lock '" + name + "' is not held");
        }
        return ApiError.notFound("lock '" + name + "' is held by " + holders(view) + ", not by '" + holder + "'");
    }

    private static String holders(LockView view) {
        return String.join(", ", view.holders().stream().map(h -> "'" + h.holder() + "'").toList());
    }
}
