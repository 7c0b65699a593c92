package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockPolicy;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockService;
import dev.baton.lock.LockView;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The operator's switches of one lock, under {@code /api/v3/locks/{name}}: slots and timing ({@code PATCH}),
 * force-release with a reason, enable and disable, freeze and unfreeze. Each needs {@link Permission#OPERATE_LOCKS} on the
 * lock and is recorded in the audit trail with the body's {@code reason}, in the change's own transaction.
 */
final class LockAdminApi {

    private static final String LOCK = NativeApi.PREFIX + "/locks/{name}";
    private static final Set<String> SETTINGS = Set.of("slots", "stale_after_seconds", "lease_seconds");

    private final LockService locks;
    private final LockPolicy policy;
    private final LockReader reader;
    private final HolderGate gate;
    private final AuditLog audit;

    LockAdminApi(LockService locks, LockPolicy policy, LockReader reader, HolderGate gate, AuditLog audit) {
        this.locks = locks;
        this.policy = policy;
        this.reader = reader;
        this.gate = gate;
        this.audit = audit;
    }

    /** The caller, allowed to operate the lock of the request's path. */
    private Principal operator(Context ctx) {
        return gate.require(ctx, Permission.OPERATE_LOCKS, ctx.pathParam("name"));
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.patch(LOCK, this::configure);
        r.post(LOCK + "/force-release", this::forceRelease);
        r.post(LOCK + "/enable", ctx -> setEnabled(ctx, true));
        r.post(LOCK + "/disable", ctx -> setEnabled(ctx, false));
        r.post(LOCK + "/freeze", this::freeze);
        r.post(LOCK + "/unfreeze", this::unfreeze);
    }

    private void forceRelease(Context ctx) {
        Principal caller = operator(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        ObjectNode body = Json.parseObject(ctx.body());
        String holder = Json.text(body, "holder");
        String reason = Json.optionalText(body, "reason");
        ReleaseResult result = locks.forceRelease(name, holder, caller.name(), reason, Protocol.NATIVE,
                audit.draft(ctx, caller, "lock.force_release", name, reason, "holder=" + holder));
        if (result.status() == ReleaseResult.Status.NOT_FOUND) {
            throw Answers.noSuchLock(name);
        }
        ObjectNode answer = Json.object().put("released", result.released())
                .put("status", result.status().name().toLowerCase(Locale.ROOT));
        answer.set("lock", LockJson.lock(result.lock()));
        Answers.ok(ctx, answer);
    }

    private void configure(Context ctx) {
        Principal caller = operator(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        ObjectNode body = Json.parseObject(ctx.body());
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SETTINGS.contains(field) && !field.equals("reason")) {
                throw new BadRequestException("unknown field '" + field
                        + "': a lock has slots, stale_after_seconds and lease_seconds (and a change may give a reason)");
            }
        }
        Long slots = Json.optionalLong(body, "slots", Integer.MIN_VALUE, Integer.MAX_VALUE);
        LockView view = null;
        if (slots != null) {
            view = policy.attaching(audit.draft(ctx, caller, "lock.set_slots", name, Json.optionalText(body, "reason"), "slots=" + slots))
                    .setSlots(name, slots.intValue(), caller.name());
        }
        if (body.has("stale_after_seconds")) {
            // A number of seconds; 0 turns staleness off for this lock; null inherits the server's default.
            Long stale = Json.optionalLong(body, "stale_after_seconds", 0, 365L * 24 * 3600);
            Duration staleAfter = stale == null ? null : Duration.ofSeconds(stale);
            view = policy.attaching(audit.draft(ctx, caller, "lock.set_stale_after", name, Json.optionalText(body, "reason"),
                    "stale_after=" + LockPolicy.describeStaleAfter(staleAfter))).setStaleAfter(name, staleAfter, caller.name());
        }
        if (body.has("lease_seconds")) {
            Long lease = Json.optionalLong(body, "lease_seconds", 1, 365L * 24 * 3600);
            view = policy.attaching(audit.draft(ctx, caller, "lock.set_lease", name, Json.optionalText(body, "reason"),
                    "lease_seconds=" + lease)).setLease(name, lease == null ? null : Duration.ofSeconds(lease), caller.name());
        }
        if (view == null) {
            view = reader.show(name).orElseThrow(() -> Answers.noSuchLock(name));
        }
        Answers.ok(ctx, LockJson.lock(view));
    }

    private void setEnabled(Context ctx, boolean enabled) {
        Principal caller = operator(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        LockPolicy audited = policy.attaching(audit.draft(ctx, caller, enabled ? "lock.enable" : "lock.disable", name, reason, null));
        LockView view = known(name, () -> audited.setEnabled(name, enabled, caller.name(), reason));
        Answers.ok(ctx, LockJson.lock(view));
    }

    private void freeze(Context ctx) {
        Principal caller = operator(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        LockPolicy audited = policy.attaching(audit.draft(ctx, caller, "lock.freeze", name, reason, null));
        LockView view = known(name, () -> audited.freeze(name, reason, caller.name()));
        Answers.ok(ctx, LockJson.lock(view));
    }

    private void unfreeze(Context ctx) {
        Principal caller = operator(ctx);
        String name = Names.lockName(ctx.pathParam("name"));
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        LockPolicy audited = policy.attaching(audit.draft(ctx, caller, "lock.unfreeze", name, reason, null));
        LockView view = known(name, () -> audited.unfreeze(name, caller.name()));
        Answers.ok(ctx, LockJson.lock(view));
    }

    private static LockView known(String name, Supplier<LockView> change) {
        try {
            return change.get();
        } catch (LockNotFoundException e) {
            throw Answers.noSuchLock(name);
        }
    }
}
