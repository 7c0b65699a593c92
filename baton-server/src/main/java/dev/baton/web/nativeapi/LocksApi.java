package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockPage;
import dev.baton.lock.LockQuery;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.LockView;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.web.ApiError;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks as holders and readers use them, under {@code /api/v3/locks}: list, show, acquire (with optional waiting on
 * the server) and release. The history is {@link EventsApi}; the operator's switches are {@link LockAdminApi}.
 *
 * <ul>
 *   <li>Acquire and release need a caller allowed to hold as the body's {@code holder} ({@link HolderGate}).</li>
 *   <li>A refused acquire is answered with the reason: 409 full or timed out, 423 frozen or disabled, 404 unknown.</li>
 *   <li>Releasing what the holder does not hold is 200 {@code "released":false,"status":"not_held"}: nothing changed.</li>
 *   <li>A grant whose client went away before it was delivered is given back at once.</li>
 * </ul>
 */
final class LocksApi {

    private static final Logger log = LoggerFactory.getLogger(LocksApi.class);
    private static final String LOCKS = NativeApi.PREFIX + "/locks";

    private final LockService locks;
    private final LockReader reader;
    private final HolderGate gate;

    LocksApi(LockService locks, LockReader reader, HolderGate gate) {
        this.locks = locks;
        this.reader = reader;
        this.gate = gate;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(LOCKS, this::list);
        r.get(LOCKS + "/{name}", this::show);
        r.post(LOCKS + "/{name}/acquire", this::acquire);
        r.post(LOCKS + "/{name}/release", this::release);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        if (ctx.path().endsWith("/")) {
            // Javalin routes a trailing slash to the list; a client that put an empty name there wanted a lock.
            throw new BadRequestException("lock name is missing: GET " + LOCKS + "/NAME shows a lock, GET " + LOCKS
                    + " lists them");
        }
        ObjectNode body = Json.object();
        var array = body.putArray("locks");
        if (PAGE_PARAMETERS.stream().noneMatch(p -> ctx.queryParam(p) != null)) {
            reader.list().forEach(v -> array.add(LockJson.lock(v)));
            Answers.ok(ctx, body);
            return;
        }
        LockPage page = reader.page(query(ctx));
        page.locks().forEach(v -> array.add(LockJson.lock(v)));
        body.put("next", page.next()).put("total", page.total());
        Answers.ok(ctx, body);
    }

    /** Asking for any of these gets a page of the lock list; asking for none, every lock as before. */
    private static final java.util.List<String> PAGE_PARAMETERS = java.util.List.of("query", "only", "sort", "after", "limit");

    private static LockQuery query(Context ctx) {
        return new LockQuery(ctx.queryParam("query"), Answers.queryEnums(ctx, "only", LockQuery.Only.class),
                Answers.queryEnum(ctx, "sort", LockQuery.Sort.class), ctx.queryParam("after"), Answers.queryLimit(ctx, 50));
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, ctx.pathParam("name"));
        String name = Names.lockName(ctx.pathParam("name"));
        LockView view = reader.show(name).orElseThrow(() -> Answers.noSuchLock(name));
        Answers.ok(ctx, LockJson.lock(view));
    }

    private void acquire(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.HOLD);
        String name = Names.lockName(ctx.pathParam("name"));
        ObjectNode body = Json.parseObject(ctx.body());
        String holder = Names.holder(Json.text(body, "holder"));
        gate.admit(caller, holder, Protocol.NATIVE);
        long waitSeconds = orZero(Json.optionalLong(body, "wait_seconds", 0, locks.settings().maxWait().toSeconds()));
        var request = new AcquireRequest(name, holder, caller.name(), Protocol.NATIVE, Duration.ofSeconds(waitSeconds), true);

        AcquireResult result;
        if (waitSeconds == 0) {
            result = locks.acquire(request);
        } else {
            var watch = new ClientWatch(ctx);
            try {
                result = locks.acquire(request);
            } finally {
                if (watch.stop()) {
                    ctx.header("Connection", "close");
                }
            }
        }
        ObjectNode answer = Json.object()
                .put("granted", result.granted())
                .put("status", result.status().name().toLowerCase(Locale.ROOT))
                .put("position", result.position());
        if (result.lock() != null) {
            answer.set("lock", LockJson.lock(result.lock()));
        }
        if (result.granted()) {
            deliverGrant(ctx, answer, request);
            return;
        }
        int status = switch (result.status()) {
            case FROZEN, DISABLED -> 423;
            case NOT_FOUND -> 404;
            case CANCELLED -> 499;
            default -> 409;
        };
        answer.putObject("error").put("code", answer.get("status").asText()).put("message", refusal(result));
        ctx.status(status).contentType("application/json").result(Json.write(answer));
    }

    /**
     * Writes a grant straight to the client. If the client is gone, the slot it never learnt about is
     * given back: otherwise a waiter that disconnected at the wrong moment would hold the lock forever.
     */
    private void deliverGrant(Context ctx, ObjectNode answer, AcquireRequest request) {
        try {
            Answers.send(ctx, Json.write(answer).getBytes(StandardCharsets.UTF_8));
            ctx.res().flushBuffer();
        } catch (IOException e) {
            if (answer.path("status").asText().equals("granted")) {
                log.warn("client of {} on lock {} went away before its grant was delivered; releasing it",
                        request.holder(), request.lockName());
                locks.release(request.lockName(), request.holder(), request.actor(), Protocol.NATIVE, false);
            }
        }
    }

    private static String refusal(AcquireResult result) {
        LockView v = result.lock();
        return switch (result.status()) {
            case FULL -> "all " + v.slots() + " slot(s) of '" + v.name() + "' are taken"
                    + (v.waiters().isEmpty() ? "" : " or promised to " + v.waiters().size() + " waiter(s)");
            case TIMEOUT -> "no slot of '" + v.name() + "' came free in time (was number " + result.position() + " in the queue)";
            case FROZEN -> "'" + v.name() + "' is frozen: " + v.freezeReason();
            case DISABLED -> "'" + v.name() + "' is disabled";
            case NOT_FOUND -> "no such lock";
            case CANCELLED -> "the request was cancelled";
            default -> result.status().name();
        };
    }

    private void release(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.HOLD);
        String name = Names.lockName(ctx.pathParam("name"));
        String holder = Names.holder(Json.text(Json.parseObject(ctx.body()), "holder"));
        gate.admit(caller, holder, Protocol.NATIVE);
        ReleaseResult result = locks.release(name, holder, caller.name(), Protocol.NATIVE, false);
        if (result.status() == ReleaseResult.Status.DISABLED) {
            throw new ApiError(423, "disabled", "'" + name + "' is disabled: nothing can be released");
        }
        ObjectNode answer = Json.object().put("released", result.released())
                .put("status", result.status().name().toLowerCase(Locale.ROOT));
        if (result.status() == ReleaseResult.Status.NOT_HELD || result.status() == ReleaseResult.Status.NOT_FOUND) {
            answer.put("message", "'" + holder + "' held no slot of '" + name + "'; nothing changed");
        }
        if (result.lock() != null) {
            answer.set("lock", LockJson.lock(result.lock()));
        }
        Answers.ok(ctx, answer);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
