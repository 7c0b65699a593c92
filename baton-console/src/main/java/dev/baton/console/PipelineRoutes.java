package dev.baton.console;

import static dev.baton.console.PageRoutes.text;

import dev.baton.auth.Permission;
import io.javalin.config.JavalinConfig;
import java.util.Map;

/**
 * The package pipeline's read-only pages ({@link Permission#VIEW}): {@code /jobs} (filtered by kind and state) and
 * {@code /jobs/{id}}, whose active jobs refresh every 2 s by htmx polling of {@code /jobs/rows} and
 * {@code /jobs/{id}/progress}; {@code /remotes} and {@code /remotes/{name}}; {@code /repositories},
 * {@code /repositories/{name}} and {@code /repositories/{name}/diff?from=&to=}; {@code /packages?q=&state=} and
 * {@code /packages/{nevra}}; {@code /advisories} and {@code /advisories/{id}}.
 */
final class PipelineRoutes {

    private final PipelineReads reads;
    private final SessionGate gate;
    private final Responder responder;

    PipelineRoutes(PipelineReads reads, SessionGate gate, Responder responder) {
        this.reads = reads;
        this.gate = gate;
        this.responder = responder;
    }

    void routes(JavalinConfig config) {
        page(config, "/jobs", (ctx, v) -> responder.page(ctx, "jobs", Map.of("chrome", v.chrome("jobs"),
                "view", reads.jobs(text(ctx, "kind"), text(ctx, "state"), text(ctx, "before")))));
        page(config, "/jobs/rows", (ctx, v) -> responder.part(ctx, "jobrows",
                Map.of("view", reads.jobs(text(ctx, "kind"), text(ctx, "state"), text(ctx, "before")))));
        page(config, "/jobs/{id}", (ctx, v) -> responder.page(ctx, "job", Map.of("chrome", v.chrome("jobs"),
                "view", reads.job(ctx.pathParam("id")))));
        page(config, "/jobs/{id}/progress", (ctx, v) -> responder.part(ctx, "jobprogress",
                Map.of("view", reads.job(ctx.pathParam("id")))));
        page(config, "/remotes", (ctx, v) -> responder.page(ctx, "remotes", Map.of("chrome", v.chrome("remotes"),
                "rows", reads.remotes(), "now", reads.now())));
        page(config, "/remotes/{name}", (ctx, v) -> responder.page(ctx, "remote", Map.of("chrome", v.chrome("remotes"),
                "view", reads.remote(ctx.pathParam("name")))));
        page(config, "/repositories", (ctx, v) -> responder.page(ctx, "repositories",
                Map.of("chrome", v.chrome("repositories"), "rows", reads.repositories(), "now", reads.now())));
        page(config, "/repositories/{name}", (ctx, v) -> responder.page(ctx, "repository",
                Map.of("chrome", v.chrome("repositories"), "view", reads.repository(ctx.pathParam("name")))));
        page(config, "/repositories/{name}/diff", (ctx, v) -> responder.page(ctx, "repositorydiff",
                Map.of("chrome", v.chrome("repositories"),
                        "diff", reads.diff(ctx.pathParam("name"), text(ctx, "from"), text(ctx, "to")), "now", reads.now())));
        page(config, "/packages", (ctx, v) -> responder.page(ctx, "packages", Map.of("chrome", v.chrome("packages"),
                "view", reads.packages(text(ctx, "q"), text(ctx, "state")))));
        page(config, "/packages/{nevra}", (ctx, v) -> responder.page(ctx, "package", Map.of("chrome", v.chrome("packages"),
                "view", reads.pkg(ctx.pathParam("nevra")))));
        page(config, "/advisories", (ctx, v) -> responder.page(ctx, "advisories",
                Map.of("chrome", v.chrome("advisories"), "advisories", reads.advisories(), "now", reads.now())));
        page(config, "/advisories/{id}", (ctx, v) -> responder.page(ctx, "advisory", Map.of("chrome", v.chrome("advisories"),
                "advisory", reads.advisory(ctx.pathParam("id")), "now", reads.now())));
    }

    private void page(JavalinConfig config, String path, PageRoutes.Page page) {
        PageRoutes.viewPage(config, path, gate, responder, page);
    }
}
