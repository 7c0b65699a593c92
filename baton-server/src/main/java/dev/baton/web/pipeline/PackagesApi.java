package dev.baton.web.pipeline;

import static dev.baton.web.pipeline.PipelineJson.events;
import static dev.baton.web.pipeline.PipelineJson.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageHistory;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.release.Uploads;
import dev.baton.pipeline.repository.Packages;
import dev.baton.web.Answers;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Packages under {@code /api/v3/packages}: a list by name, state and repository, one NEVRA's whole life (its files,
 * current states per repository, every state event with who and why), both {@link Permission#VIEW}; uploading a
 * package ({@code POST}, the RPM file as the body, {@code ?file_name=} for its history), {@link Permission#MANAGE_RELEASES},
 * audited as {@code package.upload}: 201 with the file and the state its checks gave it (WAITING or TEST_FAILED), 200
 * when the same file was known already; marking a package tested or failed in a repository
 * (by default the one testing repository that holds it),
 * {@link Permission#TEST_PACKAGES}, audited as {@code package.mark_tested} and {@code package.mark_failed}.
 */
final class PackagesApi {

    static final String PATH = "/api/v3/packages";

    private final Releases releases;
    private final Packages packages;
    private final Uploads uploads;
    private final HolderGate gate;
    private final AuditLog audit;

    PackagesApi(Releases releases, Packages packages, Uploads uploads, HolderGate gate, AuditLog audit) {
        this.releases = releases;
        this.packages = packages;
        this.uploads = uploads;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        config.routes.get(PATH, this::list);
        config.routes.post(PATH, this::upload);
        config.routes.get(PATH + "/{nevra}", this::show);
        config.routes.post(PATH + "/{nevra}/mark-tested", ctx -> mark(ctx, PackageState.TESTED));
        config.routes.post(PATH + "/{nevra}/mark-failed", ctx -> mark(ctx, PackageState.TEST_FAILED));
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        String name = blankToNull(ctx.queryParam("name"));
        String repository = blankToNull(ctx.queryParam("repository"));
        PackageState state = Answers.queryEnum(ctx, "state", PackageState.class);
        ObjectNode body = Json.object();
        body.set("packages", files(releases.list(name, state, repository)));
        Answers.ok(ctx, body);
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        PackageHistory history = packages.history(nevra(ctx));
        ObjectNode body = Json.object().put("nevra", history.nevra().toString());
        body.set("files", files(history.files()));
        body.set("states", events(history.current()));
        body.set("events", events(history.events()));
        Answers.ok(ctx, body);
    }

    private void upload(Context ctx) throws java.io.IOException {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String fileName = blankToNull(ctx.queryParam("file_name"));
        Uploads.Upload upload = uploads.upload(ctx.bodyInputStream(), fileName, caller.name());
        if (upload.created()) {
            audit.record(ctx, caller, "package.upload", upload.record().nevra().toString(), fileName,
                    "sha256=" + upload.record().sha256() + " state=" + upload.state());
        }
        ObjectNode answer = PipelineJson.file(upload.record());
        answer.put("state", upload.state() == null ? null : upload.state().name()).put("reason", upload.reason())
                .put("created", upload.created());
        Answers.answer(ctx, upload.created() ? 201 : 200, answer);
    }

    private void mark(Context ctx, PackageState state) {
        Principal caller = gate.callerWhoMay(ctx, Permission.TEST_PACKAGES);
        Nevra nevra = nevra(ctx);
        var body = Json.parseObject(ctx.body());
        String repository = Json.optionalText(body, "repository");
        if (repository == null || repository.isBlank()) {
            repository = releases.testingRepositoryOf(nevra); // the one testing repository holding it
        }
        String comment = Json.optionalText(body, "comment");
        List<PackageEvent> marked = state == PackageState.TESTED
                ? releases.markTested(nevra, repository, caller.name(), comment)
                : releases.markFailed(nevra, repository, caller.name(), comment);
        audit.record(ctx, caller, state == PackageState.TESTED ? "package.mark_tested" : "package.mark_failed",
                nevra.toString(), comment, "repository=" + repository);
        ObjectNode answer = Json.object().put("nevra", nevra.toString()).put("repository", repository)
                .put("state", state.name());
        answer.set("events", events(marked));
        Answers.ok(ctx, answer);
    }

    private static Nevra nevra(Context ctx) {
        return PipelineJson.nevra(ctx.pathParam("nevra"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
