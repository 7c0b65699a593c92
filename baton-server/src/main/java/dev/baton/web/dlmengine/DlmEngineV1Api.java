package dev.baton.web.dlmengine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Locks;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.web.ApiError;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * The DLM Engine v1 door for clients 0.0.x to 0.5.x (see {@code protocols/dlm-engine.md}): the v2 resource with
 * every body wrapped in {@code {"data": ...}}.
 *
 * <ul>
 *   <li>{@code POST /api/v1/locks/{name}} {@code {"data":{"acquired_by":fqdn}}}: 201
 *       {@code {"data":{"id","acquired_by","acquired_since"}}}, again for the holder.</li>
 *   <li>{@code DELETE /api/v1/locks/{name}} with the body {@code {"data":{"acquired_by":fqdn,"force":bool}}}: 200
 *       {@code {}} when that holder's slot was released or nobody holds the lock (the history says "not held"); 409
 *       naming the holder when another holds it. {@code force} releases whoever holds it and needs an operator
 *       credential.</li>
 *   <li>{@code GET /api/v1/locks/{name}}, and {@code GET /api/v1/locks/_search?locks=<regex>&acquired_by=<regex>}:
 *       {@code {"data":{"results":[{"data":{...}}]}}}.</li>
 * </ul>
 * The optional per-lock {@code secret} of the original is accepted and not used: release is checked against
 * the holder and the caller's credential instead. Errors are {@code {"errors":[{"id","details","title"}]}}.
 */
public final class DlmEngineV1Api {

    public static final String PREFIX = "/api/v1/";

    private final DlmLocks locks;
    private final HolderGate gate;
    private final AuditLog audit;

    public DlmEngineV1Api(Locks locks, HolderGate gate, AuditLog audit, boolean createOnFirstUse) {
        this.locks = new DlmLocks(locks, createOnFirstUse);
        this.gate = gate;
        this.audit = audit;
    }

    public WebApp.Door door() {
        return new WebApp.Door(PREFIX, DlmErrors.V1, this::routes);
    }

    private void routes(JavalinConfig config) {
        var r = config.routes;
        r.get("/api/v1/locks/_search", this::search); // before {name}, which would match it too
        r.get("/api/v1/locks/{name}", this::show);
        r.post("/api/v1/locks/{name}", this::acquire);
        r.delete("/api/v1/locks/{name}", this::release);
    }

    private void acquire(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.HOLD);
        String name = Names.lockName(ctx.pathParam("name"));
        String acquiredBy = Names.holder(Json.text(data(ctx), "acquired_by"));
        gate.admit(caller, acquiredBy, Protocol.DLM_V1);
        var result = locks.acquire(caller, name, acquiredBy, Protocol.DLM_V1);
        switch (result.outcome()) {
            case HELD -> ok(ctx, 201, wrap(DlmLocks.json(name, result.hold())));
            case BUSY -> throw new ApiError(400, "duplicate", result.message());
            case BLOCKED -> throw new ApiError(423, "locked", result.message());
            case UNKNOWN -> throw ApiError.notFound(result.message());
        }
    }

    private void release(Context ctx) {
        // A release or, with "force", a force-release: the body says which, so either permission lets it be read.
        Principal caller = gate.callerWhoMay(ctx, Permission.HOLD, Permission.OPERATE_LOCKS);
        String name = Names.lockName(ctx.pathParam("name"));
        JsonNode data = data(ctx);
        String acquiredBy = Names.holder(Json.text(data, "acquired_by"));
        JsonNode force = data.get("force");
        if (force != null && !force.isNull() && !force.isBoolean()) {
            throw new BadRequestException("'force' must be true or false");
        }
        if (force != null && force.asBoolean()) {
            locks.forceRelease(Access.require(caller, Permission.OPERATE_LOCKS, name), name, acquiredBy,
                    audit.draft(ctx, caller, "lock.force_release", name, DlmLocks.FORCED_BY_V1, "acquired_by=" + acquiredBy));
        } else {
            gate.admit(caller, acquiredBy, Protocol.DLM_V1);
            locks.release(caller, name, acquiredBy, Protocol.DLM_V1);
        }
        ok(ctx, 200, Json.object());
    }

    private void show(Context ctx) {
        Principal caller = gate.require(ctx, Permission.VIEW, ctx.pathParam("name"));
        String name = Names.lockName(ctx.pathParam("name"));
        var hold = locks.shown(caller, name).orElseThrow(() -> ApiError.notFound("lock '" + name + "' is not held"));
        ok(ctx, 200, wrap(DlmLocks.json(name, hold)));
    }

    private void search(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        var found = locks.search(SafeRegex.compile(ctx.queryParam("locks"), "locks"),
                SafeRegex.compile(ctx.queryParam("acquired_by"), "acquired_by"));
        ObjectNode body = Json.object();
        var results = body.putObject("data").putArray("results");
        found.forEach(f -> results.add(wrap(f)));
        ok(ctx, 200, body);
    }

    /** The {@code data} object of a v1 body; 400 naming what is missing. */
    private static JsonNode data(Context ctx) {
        ObjectNode body = Json.parseObject(ctx.body());
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            throw new BadRequestException("the body must be {\"data\":{\"acquired_by\":\"<fqdn>\"}}");
        }
        return data;
    }

    private static ObjectNode wrap(JsonNode inner) {
        ObjectNode o = Json.object();
        o.set("data", inner);
        return o;
    }

    private static void ok(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
