package dev.baton.web.pipeline;

import static dev.baton.web.pipeline.PipelineJson.bool;
import static dev.baton.web.pipeline.PipelineJson.files;
import static dev.baton.web.pipeline.PipelineJson.nevras;
import static dev.baton.web.pipeline.PipelineJson.reason;
import static dev.baton.web.pipeline.PipelineJson.strings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.jobs.Job;
import dev.baton.jobs.Jobs;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.release.ReleaseChange;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.release.Selection;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.repository.VersionDiff;
import dev.baton.web.Answers;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Repositories under {@code /api/v3/repositories}: create, list, show, remove; versions, a version's packages, diff,
 * rollback; add (from a remote or by NEVRA), remove packages, promote, publish. Reads need {@link Permission#VIEW};
 * changes {@link Permission#MANAGE_RELEASES}, and a change that signs (adding to a repository with a signing key,
 * promoting from a signed repository into one that signs with another key) also {@link Permission#SIGN_PACKAGES}. Every
 * change is audited as {@code repository.<action>}.
 */
final class RepositoriesApi {

    static final String PATH = "/api/v3/repositories";

    private final Releases releases;
    private final Repositories repositories;
    private final Jobs jobs;
    private final Path pipelineDir;
    private final HolderGate gate;
    private final AuditLog audit;

    RepositoriesApi(Releases releases, Repositories repositories, Jobs jobs, Path pipelineDir, HolderGate gate,
                    AuditLog audit) {
        this.releases = releases;
        this.repositories = repositories;
        this.jobs = jobs;
        this.pipelineDir = pipelineDir;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        config.routes.get(PATH, this::list);
        config.routes.post(PATH, this::create);
        config.routes.get(PATH + "/{name}", this::show);
        config.routes.delete(PATH + "/{name}", this::remove);
        config.routes.get(PATH + "/{name}/versions", this::versions);
        config.routes.get(PATH + "/{name}/versions/{number}/packages", this::versionPackages);
        config.routes.get(PATH + "/{name}/diff", this::diff);
        config.routes.post(PATH + "/{name}/rollback", this::rollback);
        config.routes.post(PATH + "/{name}/add", this::add);
        config.routes.post(PATH + "/{name}/remove", this::removePackages);
        config.routes.post(PATH + "/{name}/promote", this::promote);
        config.routes.post(PATH + "/{name}/publish", this::publish);
    }

    private Repositories repositories() {
        return repositories;
    }

    private Releases releases() {
        return releases;
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        ObjectNode body = Json.object();
        var array = body.putArray("repositories");
        for (Repository r : repositories().list()) {
            array.add(summary(r));
        }
        Answers.ok(ctx, body);
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        Answers.ok(ctx, summary(repositories().show(ctx.pathParam("name"))));
    }

    private ObjectNode summary(Repository r) {
        ObjectNode o = PipelineJson.repository(r);
        var latest = repositories().versions(r.name()).getLast();
        o.set("latest_version", PipelineJson.version(latest));
        o.put("package_count", latest.packageCount());
        o.put("publication", publication(r.name()));
        return o;
    }

    /** The live publication's directory name, when the repository has been published. */
    private String publication(String name) {
        Path current = pipelineDir.resolve("publications").resolve(name).resolve("current");
        try {
            return Files.isSymbolicLink(current) ? Files.readSymbolicLink(current).getFileName().toString() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void create(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        var body = Json.parseObject(ctx.body());
        Long keep = Json.optionalLong(body, "keep_publications", 1, 100);
        String signWith = Json.optionalText(body, "sign_with");
        var repository = new Repository(Json.text(body, "name"), Json.optionalText(body, "description"),
                signWith == null || signWith.isBlank() ? null : signWith, bool(body, "requires_tested"),
                keep == null ? Repository.DEFAULT_KEEP_PUBLICATIONS : keep.intValue(), bool(body, "production"));
        String reason = reason(body, "created");
        repositories().create(repository, caller.name(), reason);
        audit.record(ctx, caller, "repository.create", repository.name(), reason,
                "sign_with=" + repository.signWith() + " requires_tested=" + repository.requiresTested()
                        + " production=" + repository.production());
        Answers.answer(ctx, 201, summary(repository));
    }

    private void remove(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String name = ctx.pathParam("name");
        repositories().remove(name);
        audit.record(ctx, caller, "repository.remove", name, ctx.queryParam("reason"), null);
        Answers.ok(ctx, Json.object().put("removed", name));
    }

    private void versions(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        ObjectNode body = Json.object().put("repository", ctx.pathParam("name"));
        var array = body.putArray("versions");
        repositories().versions(ctx.pathParam("name")).forEach(v -> array.add(PipelineJson.version(v)));
        Answers.ok(ctx, body);
    }

    private void versionPackages(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        String name = ctx.pathParam("name");
        int number = number(ctx.pathParam("number"), "version");
        ObjectNode body = Json.object().put("repository", name).put("version", number);
        body.set("packages", files(repositories().packages(name, number)));
        Answers.ok(ctx, body);
    }

    private void diff(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        VersionDiff diff = repositories().diff(ctx.pathParam("name"), number(ctx.queryParam("from"), "from"),
                number(ctx.queryParam("to"), "to"));
        ObjectNode body = Json.object().put("repository", diff.repository()).put("from", diff.from())
                .put("to", diff.to());
        body.set("added", files(diff.added()));
        body.set("removed", files(diff.removed()));
        Answers.ok(ctx, body);
    }

    private void rollback(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String name = ctx.pathParam("name");
        var body = Json.parseObject(ctx.body());
        Long version = Json.optionalLong(body, "version", 1, Integer.MAX_VALUE);
        int to = version == null ? number(null, "version") : version.intValue();
        String reason = Json.text(body, "reason");
        RepositoryVersion made = repositories().rollback(name, to, caller.name(), reason);
        jobs.submit(Releases.PUBLISH_JOB, name, "{}", caller.name());
        audit.record(ctx, caller, "repository.rollback", name, reason, "to=" + to + " version=" + made.number());
        Answers.ok(ctx, PipelineJson.version(made.summary()));
    }

    private void add(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String name = ctx.pathParam("name");
        var body = Json.parseObject(ctx.body());
        String remote = Json.optionalText(body, "from");
        List<String> packages = strings(body, "packages");
        if ((remote == null) == packages.isEmpty()) {
            throw new BadRequestException("give either 'from' (a remote: add its checked packages) or 'packages' "
                    + "(NEVRAs), not both or neither");
        }
        if (releases().signs(name)) {
            // Adding to a signed repository signs each package with its key: a signer's action.
            Access.require(caller, Permission.SIGN_PACKAGES, null);
        }
        String reason = reason(body, remote != null ? "added from remote " + remote : "added");
        ReleaseChange change = remote != null
                ? releases().addFromRemote(name, remote, caller.name(), reason)
                : releases().add(name, nevras(packages), caller.name(), reason);
        audit.record(ctx, caller, "repository.add", name, reason, detail(change, remote != null ? "from=" + remote : null));
        Answers.ok(ctx, change(change));
    }

    private void removePackages(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String name = ctx.pathParam("name");
        var body = Json.parseObject(ctx.body());
        List<String> packages = strings(body, "packages");
        String reason = reason(body, "removed");
        ReleaseChange change = releases().remove(name, nevras(packages), caller.name(), reason);
        audit.record(ctx, caller, "repository.remove_packages", name, reason, detail(change, null));
        Answers.ok(ctx, change(change));
    }

    private void promote(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String target = ctx.pathParam("name");
        var body = Json.parseObject(ctx.body());
        String source = Json.text(body, "from");
        List<String> packages = new java.util.ArrayList<>(strings(body, "packages"));
        packages.addAll(strings(body, "names"));
        var selection = new Selection(packages, strings(body, "advisories"));
        Repository into = repositories().show(target);
        Repository from = repositories().show(source);
        if (into.signWith() != null && from.signWith() != null && !Objects.equals(into.signWith(), from.signWith())) {
            // The target signs with another key than the source's: the promotion signs copies with it. (Unsigned
            // packages are never signed by a promotion: refused.)
            Access.require(caller, Permission.SIGN_PACKAGES, null);
        }
        String reason = reason(body, "promoted from " + source);
        ReleaseChange change = releases().promote(source, target, selection, caller.name(), reason);
        audit.record(ctx, caller, "repository.promote", target, reason, detail(change, "from=" + source));
        Answers.ok(ctx, change(change));
    }

    private void publish(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String name = repositories().show(ctx.pathParam("name")).name();
        Job job = jobs.submit(Releases.PUBLISH_JOB, name, "{}", caller.name());
        audit.record(ctx, caller, "repository.publish", name, null, "job=" + job.id());
        Answers.ok(ctx, Json.object().put("repository", name).put("job", job.id()).put("state", job.state().wireName()));
    }

    private static ObjectNode change(ReleaseChange change) {
        ObjectNode body = Json.object().put("repository", change.version().repository())
                .put("changed", change.changed());
        body.set("version", PipelineJson.version(change.version().summary()));
        body.set("added", files(change.added()));
        body.set("removed", files(change.removed()));
        return body;
    }

    private static String detail(ReleaseChange change, String prefix) {
        String d = "version=" + change.version().number() + " added=" + change.added().size() + " removed="
                + change.removed().size();
        return prefix == null ? d : prefix + " " + d;
    }

    private static int number(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("'" + what + "' (a version number) is required");
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestException("'" + what + "' must be a version number (1, 2, ...), got '" + text + "'");
        }
    }
}
