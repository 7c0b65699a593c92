package dev.baton.console;

import static dev.baton.console.PageRoutes.text;

import dev.baton.auth.Permission;
import io.javalin.config.JavalinConfig;
import java.util.Map;

/**
 * The release jump's pages ({@link Permission#VIEW}, as the jump API's reads): {@code /jumps} (the runs, newest first,
 * paged by {@code before=}), {@code /jumps/{name}} (a run's hosts grouped by state, its lock's holders, and the retry,
 * skip and abort buttons for those who may {@link Permission#OPERATE_JUMPS}) and {@code /jumps/{name}/hosts/{host}}
 * (a host's log: every line it ran, with its output). While a run is active its pages refresh every 2 s by htmx
 * polling of {@code /jumps/rows}, {@code /jumps/{name}/live} and {@code /jumps/{name}/hosts/{host}/live}, as the Jobs
 * pages do: a run's changes are written by its runner, which tells no listener, so the pages ask.
 */
final class JumpRoutes {

    private final JumpReads reads;
    private final SessionGate gate;
    private final Responder responder;

    JumpRoutes(JumpReads reads, SessionGate gate, Responder responder) {
        this.reads = reads;
        this.gate = gate;
        this.responder = responder;
    }

    void routes(JavalinConfig config) {
        page(config, "/jumps", (ctx, v) -> responder.page(ctx, "jumps", Map.of("chrome", v.chrome("jumps"),
                "view", reads.runs(text(ctx, "before")))));
        page(config, "/jumps/rows", (ctx, v) -> responder.part(ctx, "jumprows",
                Map.of("view", reads.runs(text(ctx, "before")))));
        page(config, "/jumps/{name}", (ctx, v) -> responder.page(ctx, "jumprun", Map.of("chrome", v.chrome("jumps"),
                "view", reads.run(ctx.pathParam("name")), "operate", operate(v))));
        page(config, "/jumps/{name}/live", (ctx, v) -> responder.part(ctx, "jumplive", Map.of("chrome", v.chrome("jumps"),
                "view", reads.run(ctx.pathParam("name")), "operate", operate(v))));
        page(config, "/jumps/{name}/hosts/{host}", (ctx, v) -> responder.page(ctx, "jumphost",
                Map.of("chrome", v.chrome("jumps"), "view", reads.host(ctx.pathParam("name"), ctx.pathParam("host")),
                        "operate", operate(v))));
        page(config, "/jumps/{name}/hosts/{host}/live", (ctx, v) -> responder.part(ctx, "jumphostlive",
                Map.of("chrome", v.chrome("jumps"), "view", reads.host(ctx.pathParam("name"), ctx.pathParam("host")),
                        "operate", operate(v))));
    }

    /** Whether the viewer is shown the retry, skip and abort buttons (each is checked again when posted). */
    private static boolean operate(Viewer viewer) {
        return ConsoleAccess.may(viewer.principal(), Permission.OPERATE_JUMPS, null);
    }

    private void page(JavalinConfig config, String path, PageRoutes.Page page) {
        PageRoutes.viewPage(config, path, gate, responder, page);
    }
}
