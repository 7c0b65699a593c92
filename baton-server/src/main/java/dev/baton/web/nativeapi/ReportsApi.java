package dev.baton.web.nativeapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.progress.ProgressService;
import dev.baton.progress.RunReport;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Agent progress: agents post each step of a run ({@code POST /api/v3/hosts/{name}/reports}, as a
 * holder name their credential may lock as); operators read the fleet's latest step per host
 * ({@code GET /api/v3/progress}) and a host's history.
 */
final class ReportsApi {

    private final ProgressService progress;
    private final HolderGate gate;

    ReportsApi(ProgressService progress, HolderGate gate) {
        this.progress = progress;
        this.gate = gate;
    }

    void routes(JavalinConfig config) {
        config.routes.post(NativeApi.PREFIX + "/hosts/{name}/reports", this::add);
        config.routes.get(NativeApi.PREFIX + "/hosts/{name}/reports", this::history);
        config.routes.get(NativeApi.PREFIX + "/progress", this::fleet);
    }

    private void add(Context ctx) {
        Principal caller = gate.caller(ctx);
        String host = Names.holder(ctx.pathParam("name"));
        gate.admitReporter(caller, host, Protocol.NATIVE);
        ObjectNode body = Json.parseObject(ctx.body());
        Long exitCode = Json.optionalLong(body, "exit_code", Integer.MIN_VALUE, Integer.MAX_VALUE);
        RunReport stored = progress.record(host, Json.text(body, "run_id"), Json.text(body, "phase"),
                Json.optionalText(body, "script"), Json.text(body, "status"), exitCode == null ? null : exitCode.intValue(),
                Json.optionalText(body, "message"), instant(Json.optionalText(body, "at")));
        ctx.status(201).contentType("application/json").result(Json.write(json(stored)));
    }

    private void history(Context ctx) {
        gate.require(ctx, Permission.VIEW, ctx.pathParam("name"));
        String limit = ctx.queryParam("limit");
        String before = ctx.queryParam("before");
        List<RunReport> reports = progress.history(ctx.pathParam("name"), before == null ? null : number(before, "before"),
                limit == null ? 100 : (int) number(limit, "limit"));
        ObjectNode body = Json.object();
        var array = body.putArray("reports");
        reports.forEach(r -> array.add(json(r)));
        ctx.contentType("application/json").result(Json.write(body));
    }

    private void fleet(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        ObjectNode body = Json.object();
        var array = body.putArray("hosts");
        progress.fleet().forEach(r -> array.add(json(r)));
        ctx.contentType("application/json").result(Json.write(body));
    }

    static ObjectNode json(RunReport r) {
        ObjectNode o = Json.object().put("id", r.id()).put("host", r.host()).put("run_id", r.runId())
                .put("phase", r.phase()).put("script", r.script()).put("status", r.status())
                .put("message", r.message()).put("at", Json.time(r.at())).put("received_at", Json.time(r.receivedAt()));
        if (r.exitCode() == null) {
            o.putNull("exit_code");
        } else {
            o.put("exit_code", r.exitCode());
        }
        return o;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'at' must be an ISO-8601 UTC time such as 2026-11-22T02:00:00Z");
        }
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter '" + name + "' must be a whole number");
        }
    }
}
