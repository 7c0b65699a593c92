package dev.baton.web.nativeapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Principal;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.LockPolicy;
import dev.baton.lock.LockReader;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * The fleet-wide freeze under {@code /api/v3/fleet}: anyone signed in reads it; operators freeze (with a reason)
 * and unfreeze. A frozen fleet grants no new slot on any lock; holders keep theirs.
 */
final class FleetApi {

    private static final String FLEET = NativeApi.PREFIX + "/fleet";

    private final LockPolicy policy;
    private final LockReader reader;
    private final HolderGate gate;

    FleetApi(LockPolicy policy, LockReader reader, HolderGate gate) {
        this.policy = policy;
        this.reader = reader;
        this.gate = gate;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(FLEET, this::fleet);
        r.post(FLEET + "/freeze", this::freeze);
        r.post(FLEET + "/unfreeze", this::unfreeze);
    }

    private void fleet(Context ctx) {
        gate.caller(ctx);
        Answers.ok(ctx, json(reader.fleet()));
    }

    private void freeze(Context ctx) {
        Principal caller = gate.operator(ctx);
        Answers.ok(ctx, json(policy.freezeFleet(Json.optionalText(Json.parseObject(ctx.body()), "reason"), caller.name())));
    }

    private void unfreeze(Context ctx) {
        Principal caller = gate.operator(ctx);
        Answers.ok(ctx, json(policy.unfreezeFleet(caller.name())));
    }

    private static ObjectNode json(FleetPolicy p) {
        return Json.object().put("frozen", p.frozen()).put("reason", p.reason())
                .put("changed_at", Json.time(p.changedAt())).put("changed_by", p.changedBy());
    }
}
