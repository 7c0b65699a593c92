package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditPage;
import dev.baton.audit.AuditQuery;
import dev.baton.auth.Permission;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * The audit trail, {@code GET /api/v3/audit?actor=&action=&target=&before=&limit=} ({@link Permission#VIEW_AUDIT}):
 * newest first, paged by id ({@code next_before} is the next page's {@code before}, null at the end); {@code action}
 * may end in {@code .*} for every action under it.
 */
final class AuditApi {

    private final AuditLog audit;
    private final HolderGate gate;

    AuditApi(AuditLog audit, HolderGate gate) {
        this.audit = audit;
        this.gate = gate;
    }

    void routes(JavalinConfig config) {
        config.routes.get(NativeApi.PREFIX + "/audit", this::list);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW_AUDIT, null);
        Long limit = Answers.queryLong(ctx, "limit");
        if (limit != null && (limit < 1 || limit > AuditQuery.MAX_LIMIT)) {
            throw new dev.baton.lock.BadRequestException("limit must be between 1 and " + AuditQuery.MAX_LIMIT);
        }
        AuditPage page = audit.trail().list(new AuditQuery(blankToNull(ctx.queryParam("actor")),
                blankToNull(ctx.queryParam("action")), blankToNull(ctx.queryParam("target")), Answers.queryLong(ctx, "before"),
                limit == null ? AuditQuery.DEFAULT_LIMIT : limit.intValue()));
        ObjectNode body = Json.object();
        var entries = body.putArray("entries");
        page.entries().forEach(e -> entries.add(json(e)));
        Answers.nextBefore(body, page.nextBefore());
        Answers.ok(ctx, body);
    }

    static ObjectNode json(AuditEntry e) {
        return Json.object().put("id", e.id()).put("at", Json.time(e.at())).put("actor", e.actor().name())
                .put("via", e.actor().via()).put("address", e.actor().address()).put("action", e.action())
                .put("target", e.target()).put("reason", e.reason()).put("detail", e.detail()).put("done", e.done());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
