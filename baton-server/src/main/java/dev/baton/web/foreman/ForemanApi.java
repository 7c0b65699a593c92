package dev.baton.web.foreman;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.hosts.Host;
import dev.baton.hosts.HostRegistry;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.Locks;
import dev.baton.lock.LockView;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.web.ApiError;
import dev.baton.web.ErrorShape;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Foreman DLM door: the lock API of the {@code foreman_dlm} plugin, as {@code foreman_dlm_updater} and the
 * plugin's {@code updatelock} script speak it (see {@code protocols/foreman-dlm.md}), under both
 * {@code /api/dlmlocks} and {@code /api/v2/dlmlocks}.
 *
 * <ul>
 *   <li><b>Identity</b>: a host is its TLS client certificate's CN, lower-cased, matched to a registered host's
 *       name or alias. No certificate or an unknown CN: 401 {@code Unable to authenticate user <cn>} (an unknown
 *       CN registers the host instead when automatic registration is on). A user with a password (no
 *       certificate) may look, not lock: 403 on acquire and release.</li>
 *   <li><b>Acquire</b> ({@code PUT .../lock}) is the lock service's compare-and-set, re-entrant: 200 and the lock,
 *       or 412 when another host holds it, it is disabled or frozen, or the host is barred
 *       ({@code can_acquire_update_locks=false}). The holder is the host's registered name.</li>
 *   <li><b>Release</b> ({@code DELETE .../lock}) is holder-checked: 200 when released or already free, 412 when
 *       another host holds it or it is disabled.</li>
 *   <li>PUT and DELETE need {@code Content-Type: application/json} (415 otherwise), as the plugin did; the real
 *       clients send it with no body. Unknown locks are created on first use unless switched off (then 404).</li>
 * </ul>
 * Every answer is JSON; errors are {@code {"error":{"message":...}}}.
 */
public final class ForemanApi {

    public static final List<String> PREFIXES = List.of("/api/dlmlocks", "/api/v2/dlmlocks");
    private static final int MAX_PER_PAGE = 1000;

    private final LockService locks;
    private final LockReader reader;
    private final HostRegistry hosts;
    private final HolderGate gate;
    private final boolean createOnFirstUse;

    /** @param hosts for the {@code host_id} of a lock's holder in answers; identity goes through the gate */
    public ForemanApi(Locks locks, HostRegistry hosts, HolderGate gate, boolean createOnFirstUse) {
        this.locks = locks.service();
        this.reader = locks.reader();
        this.hosts = hosts;
        this.gate = gate;
        this.createOnFirstUse = createOnFirstUse;
    }

    public WebApp.Door door() {
        return new WebApp.Door(PREFIXES, ForemanErrors.SHAPE, this::routes);
    }

    public static ErrorShape errorShape() {
        return ForemanErrors.SHAPE;
    }

    private void routes(JavalinConfig config) {
        var r = config.routes;
        for (String prefix : PREFIXES) {
            r.get(prefix, this::list);
            r.get(prefix + "/{name}", this::show);
            r.get(prefix + "/{name}/lock", this::show);
            r.put(prefix + "/{name}/lock", this::acquire);
            r.delete(prefix + "/{name}/lock", this::release);
            r.get(prefix + "/{name}/dlmlock_events", this::events);
        }
    }

    // ------------------------------------------------------------------ lock

    private void acquire(Context ctx) {
        Host host = lockingHost(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        requireJson(ctx);
        if (!gate.mayTakeUpdateLocks(ctx, host)) {
            preconditionFailed(ctx, name, "host '" + host.name() + "' may not take update locks (can_acquire_update_locks=false)");
            return;
        }
        AcquireResult result = locks.acquire(new AcquireRequest(name, host.name(), host.name(), Protocol.FOREMAN,
                Duration.ZERO, createOnFirstUse));
        if (result.status() == AcquireResult.Status.NOT_FOUND) {
            throw unknownLock(name);
        }
        if (!result.granted()) {
            preconditionFailed(ctx, name, null);
            return;
        }
        ok(ctx, ForemanJson.lock(result.lock(), host.name(), hosts::find));
    }

    private void release(Context ctx) {
        Host host = lockingHost(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        requireJson(ctx);
        ReleaseResult result = locks.release(name, host.name(), host.name(), Protocol.FOREMAN, createOnFirstUse);
        switch (result.status()) {
            case NOT_FOUND -> throw unknownLock(name);
            case DISABLED -> preconditionFailed(ctx, name, null);
            case NOT_HELD -> {
                // Foreman locks have one holder: another host holding every slot is the plugin's 412.
                if (result.lock().free() > 0) {
                    ok(ctx, ForemanJson.lock(result.lock(), host.name(), hosts::find));
                } else {
                    preconditionFailed(ctx, name, null);
                }
            }
            case RELEASED -> ok(ctx, ForemanJson.lock(result.lock(), host.name(), hosts::find));
        }
    }

    private void show(Context ctx) {
        String self = viewer(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        LockView view = reader.show(name).orElseThrow(() -> unknownLock(name));
        ok(ctx, ForemanJson.lock(view, self, hosts::find));
    }

    // ------------------------------------------------------------------ admin

    private void list(Context ctx) {
        requireUser(ctx);
        String search = ctx.queryParam("search");
        int perPage = queryInt(ctx, "per_page", 20, 1, MAX_PER_PAGE);
        int page = queryInt(ctx, "page", 1, 1, Integer.MAX_VALUE);
        List<LockView> all = reader.list();
        List<LockView> matching = all.stream().filter(v -> matches(v, search)).toList();
        ObjectNode body = ForemanJson.page(all.size(), matching.size(), page, perPage, search == null || search.isEmpty() ? null : search);
        var results = body.putArray("results");
        long from = (long) (page - 1) * perPage;
        matching.stream().skip(from).limit(perPage).forEach(v -> results.add(ForemanJson.lock(v, null, hosts::find)));
        ok(ctx, body);
    }

    /** Foreman's search box: {@code name = db}, {@code name ~ db}, or a plain word to find in the name. */
    private static boolean matches(LockView v, String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String s = search.strip();
        if (s.length() > 200) {
            throw new dev.baton.lock.BadRequestException("search is longer than 200 characters");
        }
        if (s.startsWith("name")) {
            String rest = s.substring(4).strip();
            if (rest.startsWith("=")) {
                return v.name().equals(unquote(rest.substring(1)));
            }
            if (rest.startsWith("~")) {
                return v.name().toLowerCase(Locale.ROOT).contains(unquote(rest.substring(1)).toLowerCase(Locale.ROOT));
            }
        }
        return v.name().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT));
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))
                ? t.substring(1, t.length() - 1) : t;
    }

    private void events(Context ctx) {
        requireUser(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        if (reader.show(name).isEmpty()) {
            throw unknownLock(name);
        }
        int perPage = queryInt(ctx, "per_page", 20, 1, MAX_PER_PAGE);
        int page = queryInt(ctx, "page", 1, 1, 10_000);
        List<ObjectNode> all = new ArrayList<>();
        Long before = null;
        do {
            var events = reader.events(name, before, 1000);
            for (LockEvent e : events.events()) {
                String type = ForemanJson.eventType(e);
                if (type != null) {
                    all.add(ForemanJson.event(e, type));
                }
            }
            before = events.nextBefore();
        } while (before != null && all.size() < (long) page * perPage);
        ObjectNode body = ForemanJson.page(all.size(), all.size(), page, perPage, null);
        var results = body.putArray("results");
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(results::add);
        ok(ctx, body);
    }

    // ------------------------------------------------------------------ identity

    /** The host of the request's client certificate; 403 for a user, 401 for anyone else. */
    private Host lockingHost(Context ctx) {
        Optional<String> cn = gate.certificateName(ctx);
        if (cn.isEmpty()) {
            if (gate.findCaller(ctx).isPresent()) {
                throw ApiError.forbidden("only hosts take and give back Foreman locks, with their client certificate; "
                        + "users use the Baton API");
            }
            throw ApiError.unauthorized("Unable to authenticate user ");
        }
        return gate.certifiedHost(ctx, cn.get(), Protocol.FOREMAN)
                .orElseThrow(() -> ApiError.unauthorized("Unable to authenticate user " + cn.get()));
    }

    /** Who may look at a lock: a host (its name, for {@code self}) or a user (null). */
    private String viewer(Context ctx) {
        if (gate.certificateName(ctx).isPresent()) {
            return lockingHost(ctx).name();
        }
        gate.require(ctx, Permission.VIEW, ctx.pathParam("name"));
        return null;
    }

    private void requireUser(Context ctx) {
        Optional<Principal> user = gate.findCaller(ctx);
        if (user.isPresent()) {
            Access.require(user.get(), Permission.VIEW, ctx.pathParamMap().get("name"));
            return;
        }
        if (gate.certificateName(ctx).isPresent()) {
            throw ApiError.forbidden("listing locks and events is for users, not hosts");
        }
        gate.caller(ctx);
    }

    // ------------------------------------------------------------------ answers

    private static void requireJson(Context ctx) {
        String type = ctx.contentType();
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type",
                    "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'"));
        }
    }

    private static void preconditionFailed(Context ctx, String lockName, String why) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error").put("id", ForemanJson.id(lockName))
                .put("message", ForemanErrors.PRECONDITION_FAILED);
        if (why != null) {
            error.put("reason", why);
        }
        ctx.status(412).contentType("application/json").result(Json.write(body));
    }

    private static ApiError unknownLock(String name) {
        return ApiError.notFound("Resource dlmlock not found by id '" + name + "'");
    }

    private static void ok(Context ctx, Object body) {
        ctx.status(200).contentType("application/json").result(Json.write(body));
    }

    private static int queryInt(Context ctx, String name, int absent, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) {
                throw new dev.baton.lock.BadRequestException(name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new dev.baton.lock.BadRequestException(name + " must be a whole number");
        }
    }
}
