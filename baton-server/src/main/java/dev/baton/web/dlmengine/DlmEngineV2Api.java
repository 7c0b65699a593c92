package dev.baton.web.dlmengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Locks;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.web.ApiError;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The DLM Engine v2 door (see {@code protocols/dlm-engine.md}): {@code /api/v2/locks/{name}} for current clients
 * and {@code /api/v2/orgs/{org}/locks/{name}} for the transitional ones, which first probe {@code GET /versions}
 * (answered {@code {"versions":[{"version":"2"}]}}, so they use v2). The org is accepted and ignored: Baton has one
 * lock namespace.
 *
 * <ul>
 *   <li>{@code GET} a lock: 200 {@code {"id","acquired_by","acquired_since"}}, 404 when nobody holds it.</li>
 *   <li>{@code POST} {@code {"acquired_by":fqdn}}: 201 and the lock, also when the caller already holds it
 *       (idempotent); 400 {@code {"detail":"Duplicate Resource"}} when another holds it, as the original.</li>
 *   <li>{@code DELETE}, no body: 200 {@code {}} when the caller's slots were released or nobody holds the lock (the
 *       history says "not held"); 409 naming the holder when another holds it.</li>
 *   <li>{@code GET /api/v2/locks?lock_id=<regex>&page=0&limit=10}: held locks whose name matches,
 *       {@code {"result":[...],"meta":{"result_size":N}}}; {@code page} counts from 0.</li>
 * </ul>
 * Errors are {@code {"detail":"..."}}.
 */
public final class DlmEngineV2Api {

    public static final List<String> PREFIXES = List.of("/api/v2/locks", "/api/v2/orgs", "/versions");
    private static final int MAX_LIMIT = 1000;

    private final DlmLocks locks;
    private final HolderGate gate;

    public DlmEngineV2Api(Locks locks, HolderGate gate, boolean createOnFirstUse) {
        this.locks = new DlmLocks(locks, createOnFirstUse);
        this.gate = gate;
    }

    public WebApp.Door door() {
        return new WebApp.Door(PREFIXES, DlmErrors.V2, this::routes);
    }

    private void routes(JavalinConfig config) {
        var r = config.routes;
        r.get("/versions", ctx -> ok(ctx, 200, versions()));
        for (String base : List.of("/api/v2/locks", "/api/v2/orgs/{org}/locks")) {
            r.get(base, this::list);
            r.get(base + "/{name}", this::show);
            r.post(base + "/{name}", this::acquire);
            r.delete(base + "/{name}", this::release);
        }
    }

    private static ObjectNode versions() {
        ObjectNode body = Json.object();
        body.putArray("versions").addObject().put("version", "2");
        return body;
    }

    private void show(Context ctx) {
        Principal caller = Access.require(caller(ctx), Permission.VIEW, ctx.pathParam("name"));
        String name = Names.lockName(ctx.pathParam("name"));
        var hold = locks.shown(caller, name).orElseThrow(() -> ApiError.notFound("Not Found"));
        ok(ctx, 200, DlmLocks.json(name, hold));
    }

    private void acquire(Context ctx) {
        Principal caller = Access.requireRole(caller(ctx), Permission.HOLD);
        String name = Names.lockName(ctx.pathParam("name"));
        String acquiredBy = Names.holder(Json.text(Json.parseObject(ctx.body()), "acquired_by"));
        gate.admit(caller, acquiredBy, Protocol.DLM_V2);
        var result = locks.acquire(caller, name, acquiredBy, Protocol.DLM_V2);
        switch (result.outcome()) {
            case HELD -> ok(ctx, 201, DlmLocks.json(name, result.hold()));
            case BUSY -> throw new ApiError(400, "duplicate", result.message());
            case BLOCKED -> throw new ApiError(423, "locked", result.message());
            case UNKNOWN -> throw ApiError.notFound(result.message());
        }
    }

    private void release(Context ctx) {
        Principal caller = caller(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        gate.admitOwnHolders(caller, Protocol.DLM_V2);
        locks.releaseOwn(caller, name, Protocol.DLM_V2);
        ok(ctx, 200, Json.object());
    }

    private void list(Context ctx) {
        Access.require(caller(ctx), Permission.VIEW, null);
        SafeRegex lockId = SafeRegex.compile(ctx.queryParam("lock_id"), "lock_id");
        int page = queryInt(ctx, "page", 0, 0, 1_000_000);
        int limit = queryInt(ctx, "limit", 10, 1, MAX_LIMIT);
        var found = locks.search(lockId, SafeRegex.compile(null, "acquired_by"));
        ObjectNode body = Json.object();
        var result = body.putArray("result");
        found.stream().skip((long) page * limit).limit(limit).forEach(result::add);
        body.putObject("meta").put("result_size", found.size());
        ok(ctx, 200, body);
    }

    private Principal caller(Context ctx) {
        String org = ctx.pathParamMap().get("org");
        if (org != null) {
            Names.lockName(org); // same rules: no separators, no control characters, bounded
        }
        return gate.caller(ctx);
    }

    static int queryInt(Context ctx, String name, int absent, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v < min || v > max) {
                throw new BadRequestException(name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number");
        }
    }

    private static void ok(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
