package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.LockPolicy;
import dev.baton.lock.LockReader;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * The fleet-wide freeze under {@code /api/v3/fleet}: anyone who may view reads it; those who may freeze the
 * fleet ({@link Permission#FREEZE_FLEET}) freeze (with a reason) and unfreeze, recorded in the audit trail. A frozen fleet grants no new slot on any lock; holders keep theirs.
 */
final class FleetApi {

    private static final String FLEET = NativeApi.PREFIX + "/fleet";

    private final LockPolicy policy;
    private final LockReader reader;
    private final HolderGate gate;
    private final AuditLog audit;

    FleetApi(LockPolicy policy, LockReader reader, HolderGate gate, AuditLog audit) {
        this.policy = policy;
        this.reader = reader;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(FLEET, this::fleet);
        r.post(FLEET + "/freeze", this::freeze);
        r.post(FLEET + "/unfreeze", this::unfreeze);
    }

    private void fleet(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        Answers.ok(ctx, json(reader.fleet()));
    }

    private void freeze(Context ctx) {
        Principal caller = gate.require(ctx, Permission.FREEZE_FLEET, null);
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        FleetPolicy fleet = policy.attaching(audit.draft(ctx, caller, "fleet.freeze", null, reason, null))
                .freezeFleet(reason, caller.name());
        Answers.ok(ctx, json(fleet));
    }

    private void unfreeze(Context ctx) {
        Principal caller = gate.require(ctx, Permission.FREEZE_FLEET, null);
        String reason = Json.optionalText(Json.parseObject(ctx.body()), "reason");
        FleetPolicy fleet = policy.attaching(audit.draft(ctx, caller, "fleet.unfreeze", null, reason, null))
                .unfreezeFleet(caller.name());
        Answers.ok(ctx, json(fleet));
    }

    private static ObjectNode json(FleetPolicy p) {
        return Json.object().put("frozen", p.frozen()).put("reason", p.reason())
                .put("changed_at", Json.time(p.changedAt())).put("changed_by", p.changedBy());
    }
}
