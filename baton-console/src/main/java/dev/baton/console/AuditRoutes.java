package dev.baton.console;

import dev.baton.audit.AuditQuery;
import dev.baton.audit.AuditTrail;
import dev.baton.auth.Permission;
import dev.baton.console.view.AuditView;
import dev.baton.lock.BadRequestException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.Map;

/**
 * The audit page ({@code /audit}, {@link Permission#VIEW_AUDIT}): the audit trail newest first, paged by the entries'
 * ids (so any depth is as fast as the first page), filtered by actor, action (a whole name, or a prefix such as
 * {@code user} or {@code lock.} for every action under it) and target.
 */
final class AuditRoutes {

    static final int PAGE_SIZE = 50;

    private final AuditTrail audit;
    private final SessionGate gate;
    private final Responder responder;
    private final InstantSource clock;

    AuditRoutes(AuditTrail audit, SessionGate gate, Responder responder, InstantSource clock) {
        this.audit = audit;
        this.gate = gate;
        this.responder = responder;
        this.clock = clock;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/audit", responder.guarded(ctx -> {
            var viewer = gate.viewerOrLogin(ctx);
            if (viewer.isEmpty()) {
                return;
            }
            ConsoleAccess.require(viewer.get().principal(), Permission.VIEW_AUDIT, null);
            String actor = PageRoutes.text(ctx, "actor");
            String action = PageRoutes.text(ctx, "action");
            String target = PageRoutes.text(ctx, "target");
            Long before = before(ctx);
            var page = audit.list(new AuditQuery(blankToNull(actor), actionFilter(action), blankToNull(target), before, PAGE_SIZE));
            responder.page(ctx, "audit", Map.of("chrome", viewer.get().chrome("audit"),
                    "view", new AuditView(page, actor, action, target, before, clock.instant())));
        }));
    }

    /**
     * The trail's action filter of what was typed: {@code user}, {@code user.} and {@code user.*} mean every action
     * under {@code user}; a name with a dot inside ({@code user.create}) means that action.
     */
    static String actionFilter(String typed) {
        if (typed.isEmpty()) {
            return null;
        }
        String name = typed.endsWith(".*") ? typed.substring(0, typed.length() - 2) : typed.endsWith(".") ? typed.substring(0, typed.length() - 1) : typed;
        if (!name.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw new BadRequestException("an action is a dotted lower-case name such as lock.freeze, or its start such as lock; got '" + typed + "'");
        }
        return name.contains(".") && !typed.endsWith(".") && !typed.endsWith(".*") ? name : name + ".*";
    }

    private static Long before(Context ctx) {
        String before = PageRoutes.text(ctx, "before");
        try {
            return before.isEmpty() ? null : Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw new BadRequestException("before must be an entry id (a number), got '" + before + "'");
        }
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
