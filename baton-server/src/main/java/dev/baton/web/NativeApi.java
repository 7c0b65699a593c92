package dev.baton.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.AuthService;
import dev.baton.auth.Principal;
import dev.baton.auth.Role;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockPolicy;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baton's own HTTP API under {@code /api/v3}: locks (acquire with optional server-side waiting, release,
 * show, list, events, force-release, slots, enable/disable, freeze), the fleet freeze, and API
 * credentials. Every route is in {@code openapi.json}; a test keeps the two in step.
 */
public final class NativeApi {

    private static final Logger log = LoggerFactory.getLogger(NativeApi.class);
    /** Below Javalin's smallest compressed size (1,500 bytes), so no client misses a compression it asked for. */
    private static final int DIRECT_WRITE_LIMIT = 1_500;
    public static final String PREFIX = "/api/v3";

    private final LockService locks;
    private final LockPolicy policy;
    private final LockReader reader;
    private final AuthService auth;
    private final Authenticator authenticator;

    public NativeApi(Locks locks, AuthService auth, Authenticator authenticator) {
        this.locks = locks.service();
        this.policy = locks.policy();
        this.reader = locks.reader();
        this.auth = auth;
        this.authenticator = authenticator;
    }

    public void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(PREFIX + "/locks", this::list);
        r.get(PREFIX + "/locks/{name}", this::show);
        r.patch(PREFIX + "/locks/{name}", this::configure);
        r.post(PREFIX + "/locks/{name}/acquire", this::acquire);
        r.post(PREFIX + "/locks/{name}/release", this::release);
        r.post(PREFIX + "/locks/{name}/force-release", this::forceRelease);
        r.post(PREFIX + "/locks/{name}/enable", ctx -> setEnabled(ctx, true));
        r.post(PREFIX + "/locks/{name}/disable", ctx -> setEnabled(ctx, false));
        r.post(PREFIX + "/locks/{name}/freeze", this::freeze);
        r.post(PREFIX + "/locks/{name}/unfreeze", this::unfreeze);
        r.get(PREFIX + "/locks/{name}/events", ctx -> events(ctx, Names.lockName(ctx.pathParam("name"))));
        r.get(PREFIX + "/events", ctx -> events(ctx, null));
        r.get(PREFIX + "/fleet", this::fleet);
        r.post(PREFIX + "/fleet/freeze", this::freezeFleet);
        r.post(PREFIX + "/fleet/unfreeze", this::unfreezeFleet);
        r.get(PREFIX + "/credentials", this::credentials);
        r.post(PREFIX + "/credentials", this::createCredential);
        r.delete(PREFIX + "/credentials/{id}", this::revokeCredential);
        r.get(PREFIX + "/whoami", this::whoami);
    }

    // ------------------------------------------------------------------ locks

    private void list(Context ctx) {
        authenticator.require(ctx);
        ObjectNode body = Json.object();
        var array = body.putArray("locks");
        reader.list().forEach(v -> array.add(LockJson.lock(v)));
        ok(ctx, body);
    }

    private void show(Context ctx) {
        authenticator.require(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        LockView view = reader.show(name).orElseThrow(() -> ApiError.notFound("no lock named '" + name + "'"));
        ok(ctx, LockJson.lock(view));
    }

    private void acquire(Context ctx) {
        Principal caller = authenticator.require(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        ObjectNode body = Json.parseObject(ctx.body());
        String holder = Names.holder(Json.text(body, "holder"));
        Authenticator.requireHolder(caller, holder);
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
                .put("status", result.status().name().toLowerCase(java.util.Locale.ROOT))
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
            send(ctx, Json.write(answer).getBytes(StandardCharsets.UTF_8));
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
        Principal caller = authenticator.require(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        String holder = Names.holder(Json.text(Json.parseObject(ctx.body()), "holder"));
        Authenticator.requireHolder(caller, holder);
        ReleaseResult result = locks.release(name, holder, caller.name(), Protocol.NATIVE, false);
        if (result.status() == ReleaseResult.Status.DISABLED) {
            throw new ApiError(423, "disabled", "'" + name + "' is disabled: nothing can be released");
        }
        ObjectNode answer = Json.object().put("released", result.released())
                .put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
        if (result.status() == ReleaseResult.Status.NOT_HELD || result.status() == ReleaseResult.Status.NOT_FOUND) {
            answer.put("message", "'" + holder + "' held no slot of '" + name + "'; nothing changed");
        }
        if (result.lock() != null) {
            answer.set("lock", LockJson.lock(result.lock()));
        }
        ok(ctx, answer);
    }

    private void forceRelease(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        String name = Names.lockName(ctx.pathParam("name"));
        ObjectNode body = Json.parseObject(ctx.body());
        ReleaseResult result = locks.forceRelease(name, Json.text(body, "holder"), caller.name(), Json.optionalText(body, "reason"));
        if (result.status() == ReleaseResult.Status.NOT_FOUND) {
            throw ApiError.notFound("no lock named '" + name + "'");
        }
        ObjectNode answer = Json.object().put("released", result.released())
                .put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
        answer.set("lock", LockJson.lock(result.lock()));
        ok(ctx, answer);
    }

    private void configure(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        String name = Names.lockName(ctx.pathParam("name"));
        ObjectNode body = Json.parseObject(ctx.body());
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("slots", "stale_after_seconds", "lease_seconds").contains(field)) {
                throw new dev.baton.lock.BadRequestException("unknown field '" + field
                        + "': a lock has slots, stale_after_seconds and lease_seconds");
            }
        }
        Long slots = Json.optionalLong(body, "slots", Integer.MIN_VALUE, Integer.MAX_VALUE);
        LockView view = null;
        if (slots != null) {
            view = policy.setSlots(name, slots.intValue(), caller.name());
        }
        if (body.has("stale_after_seconds") || body.has("lease_seconds")) {
            Long stale = Json.optionalLong(body, "stale_after_seconds", 1, 365L * 24 * 3600);
            Long lease = Json.optionalLong(body, "lease_seconds", 1, 365L * 24 * 3600);
            view = policy.setTiming(name, stale == null ? null : Duration.ofSeconds(stale),
                    lease == null ? null : Duration.ofSeconds(lease), caller.name());
        }
        if (view == null) {
            view = reader.show(name).orElseThrow(() -> ApiError.notFound("no lock named '" + name + "'"));
        }
        ok(ctx, LockJson.lock(view));
    }

    private void setEnabled(Context ctx, boolean enabled) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        String name = Names.lockName(ctx.pathParam("name"));
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        ok(ctx, LockJson.lock(notFoundAsError(name, () -> policy.setEnabled(name, enabled, caller.name(), reason))));
    }

    private void freeze(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        String name = Names.lockName(ctx.pathParam("name"));
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        ok(ctx, LockJson.lock(notFoundAsError(name, () -> policy.freeze(name, reason, caller.name()))));
    }

    private void unfreeze(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        String name = Names.lockName(ctx.pathParam("name"));
        ok(ctx, LockJson.lock(notFoundAsError(name, () -> policy.unfreeze(name, caller.name()))));
    }

    private static LockView notFoundAsError(String name, java.util.function.Supplier<LockView> change) {
        try {
            return change.get();
        } catch (dev.baton.lock.LockNotFoundException e) {
            throw ApiError.notFound("no lock named '" + name + "'");
        }
    }

    private void events(Context ctx, String lockName) {
        authenticator.require(ctx);
        Long before = queryLong(ctx, "before");
        Long limit = queryLong(ctx, "limit");
        ok(ctx, LockJson.events(reader.events(lockName, before, limit == null ? 50 : limit.intValue())));
    }

    // ------------------------------------------------------------------ fleet

    private void fleet(Context ctx) {
        authenticator.require(ctx);
        ok(ctx, fleetJson(reader.fleet()));
    }

    private void freezeFleet(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        ok(ctx, fleetJson(policy.freezeFleet(Json.optionalText(Json.parseObject(ctx.body()), "reason"), caller.name())));
    }

    private void unfreezeFleet(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireOperator(caller);
        ok(ctx, fleetJson(policy.unfreezeFleet(caller.name())));
    }

    private static ObjectNode fleetJson(dev.baton.lock.FleetPolicy p) {
        return Json.object().put("frozen", p.frozen()).put("reason", p.reason())
                .put("changed_at", Json.time(p.changedAt())).put("changed_by", p.changedBy());
    }

    // ------------------------------------------------------------------ credentials

    private void credentials(Context ctx) {
        Authenticator.requireAdmin(authenticator.require(ctx));
        ObjectNode body = Json.object();
        var array = body.putArray("credentials");
        for (var c : auth.credentials()) {
            var o = array.addObject().put("id", c.id()).put("name", c.name()).put("role", c.role().wireName())
                    .put("created_at", Json.time(c.createdAt())).put("revoked_at", Json.time(c.revokedAt()));
            var holders = o.putArray("holders");
            c.holders().stream().sorted().forEach(holders::add);
        }
        ok(ctx, body);
    }

    private void createCredential(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireAdmin(caller);
        ObjectNode body = Json.parseObject(ctx.body());
        Role role = Role.parse(Json.text(body, "role"));
        Set<String> holders = new LinkedHashSet<>();
        var holderNode = body.get("holders");
        if (holderNode != null && !holderNode.isNull()) {
            if (!holderNode.isArray()) {
                throw new dev.baton.lock.BadRequestException("'holders' must be a list of strings");
            }
            holderNode.forEach(h -> {
                if (!h.isTextual()) {
                    throw new dev.baton.lock.BadRequestException("'holders' must be a list of strings");
                }
                holders.add(h.asText());
            });
        }
        var issued = auth.createCredential(Json.text(body, "name"), role, holders);
        var c = issued.credential();
        ObjectNode answer = Json.object().put("id", c.id()).put("secret", issued.secret()).put("name", c.name())
                .put("role", c.role().wireName()).put("created_at", Json.time(c.createdAt()));
        var array = answer.putArray("holders");
        c.holders().stream().sorted().forEach(array::add);
        log.info("credential {} ({}, role {}) created by {}", c.id(), c.name(), c.role().wireName(), caller.name());
        ctx.status(201).contentType("application/json").result(Json.write(answer));
    }

    private void revokeCredential(Context ctx) {
        Principal caller = authenticator.require(ctx);
        Authenticator.requireAdmin(caller);
        String id = ctx.pathParam("id");
        if (!auth.revoke(id)) {
            throw ApiError.notFound("no active credential with id '" + id + "'");
        }
        log.info("credential {} revoked by {}", id, caller.name());
        ok(ctx, Json.object().put("revoked", true).put("id", id));
    }

    private void whoami(Context ctx) {
        Principal p = authenticator.require(ctx);
        ObjectNode body = Json.object().put("id", p.id()).put("name", p.name()).put("role", p.role().wireName());
        var holders = body.putArray("holders");
        p.holders().stream().sorted().forEach(holders::add);
        ok(ctx, body);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Answers 200 with a JSON body. A small body is written straight to the response: {@code ctx.result}
     * copies every answer through a fresh 8 KB buffer, which under load was 40 % of all the server's
     * allocation (JFR) and so the main cause of its garbage collections. A larger body goes through
     * {@code ctx.result}, where Javalin compresses it for clients that accept gzip.
     */
    private static void ok(Context ctx, Object body) {
        byte[] json = Json.write(body).getBytes(StandardCharsets.UTF_8);
        if (json.length >= DIRECT_WRITE_LIMIT) {
            ctx.status(200).contentType("application/json").result(json);
            return;
        }
        try {
            send(ctx, json);
        } catch (IOException e) {
            // The client went away; there is nobody to tell.
        }
    }

    /** Writes a 200 JSON answer with its length straight to the response. */
    private static void send(Context ctx, byte[] json) throws IOException {
        ctx.status(200).contentType("application/json");
        ctx.res().setContentLength(json.length);
        ctx.res().getOutputStream().write(json);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static Long queryLong(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new dev.baton.lock.BadRequestException("query parameter '" + name + "' must be a whole number");
        }
    }
}
