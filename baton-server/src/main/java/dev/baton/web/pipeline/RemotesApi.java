package dev.baton.web.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.jobs.Job;
import dev.baton.jobs.Jobs;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.RemoteSyncState;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.sync.RemoteSync;
import dev.baton.web.Answers;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.JobJson;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Remotes (upstream repositories Baton mirrors): {@code POST /api/v3/remotes} adds one, {@code GET} lists them or
 * shows one with its last sync, {@code DELETE} removes one, {@code POST /api/v3/remotes/{name}/sync} submits its
 * {@code remote-sync} job and answers 202 with the job. Changes need {@link Permission#MANAGE_RELEASES} and are
 * audited ({@code remote.add}, {@code remote.remove}, {@code remote.sync}); reads need {@link Permission#VIEW}.
 * A remote with a sync interval is scheduled on this server at once (and by every server at its start).
 */
final class RemotesApi {

    static final String PREFIX = "/api/v3/remotes";

    private final Remotes remotes;
    private final Jobs jobs;
    private final HolderGate gate;
    private final AuditLog audit;

    RemotesApi(Remotes remotes, Jobs jobs, HolderGate gate, AuditLog audit) {
        this.remotes = remotes;
        this.jobs = jobs;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        config.routes.post(PREFIX, this::add);
        config.routes.get(PREFIX, this::list);
        config.routes.get(PREFIX + "/{name}", this::show);
        config.routes.delete(PREFIX + "/{name}", this::remove);
        config.routes.post(PREFIX + "/{name}/sync", this::sync);
    }

    private void add(Context ctx) {
        Principal caller = gate.require(ctx, Permission.MANAGE_RELEASES, null);
        ObjectNode body = Json.parseObject(ctx.body());
        Remote remote = remotes.add(new Remote(Json.text(body, "name"), uri(body, "url", true),
                Json.optionalText(body, "keys"), bool(body, "repo_gpgcheck"), path(body, "client_cert"),
                path(body, "client_key"), uri(body, "proxy", false), interval(body), Json.optionalText(body, "advisories"),
                null, null), caller.name());
        if (remote.syncInterval() != null) {
            jobs.schedule(RemoteSync.KIND, remote.name(), "{}", remote.syncInterval());
        }
        audit.record(ctx, caller, "remote.add", remote.name(), null, "url=" + remote.url());
        Answers.answer(ctx, 201, json(remote, null));
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        ObjectNode body = Json.object();
        var array = body.putArray("remotes");
        remotes.list().forEach(r -> array.add(json(r, remotes.lastSync(r.name()).orElse(null))));
        Answers.ok(ctx, body);
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        Remote remote = remotes.get(ctx.pathParam("name"));
        Answers.ok(ctx, json(remote, remotes.lastSync(remote.name()).orElse(null)));
    }

    private void remove(Context ctx) {
        Principal caller = gate.require(ctx, Permission.MANAGE_RELEASES, null);
        String name = ctx.pathParam("name");
        remotes.remove(name);
        jobs.unschedule(RemoteSync.KIND, name);
        audit.record(ctx, caller, "remote.remove", name, null, null);
        ctx.status(204);
    }

    private void sync(Context ctx) {
        Principal caller = gate.require(ctx, Permission.MANAGE_RELEASES, null);
        Remote remote = remotes.get(ctx.pathParam("name"));
        Job job = jobs.submit(RemoteSync.KIND, remote.name(), "{}", caller.name());
        audit.record(ctx, caller, "remote.sync", remote.name(), null, "job=" + job.id());
        Answers.answer(ctx, 202, JobJson.of(job));
    }

    /** A remote as the API shows it: its keys are public, so they are shown; files by path only. */
    static ObjectNode json(Remote r, RemoteSyncState last) {
        ObjectNode o = Json.object().put("name", r.name()).put("url", r.url().toString())
                .put("repo_gpgcheck", r.repoGpgcheck()).put("keys", r.trustedKeys())
                .put("client_cert", r.clientCertificate() == null ? null : r.clientCertificate().toString())
                .put("client_key", r.clientKey() == null ? null : r.clientKey().toString())
                .put("proxy", r.proxy() == null ? null : r.proxy().toString())
                .put("sync_interval", r.syncInterval() == null ? null : r.syncInterval().toString())
                .put("advisories", r.advisories()).put("created_at", Json.time(r.createdAt()))
                .put("created_by", r.createdBy());
        if (last == null) {
            o.putNull("last_sync");
        } else {
            o.putObject("last_sync").put("synced_at", Json.time(last.syncedAt())).put("result", last.result())
                    .put("ok", last.repomdSha256() != null).put("revision", last.revision())
                    .put("packages", last.packages()).put("failed", last.failed())
                    .put("repomd_sha256", last.repomdSha256());
        }
        return o;
    }

    private static URI uri(JsonNode body, String field, boolean required) {
        String text = required ? Json.text(body, field) : Json.optionalText(body, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'" + field + "' is not a valid URL: " + text);
        }
    }

    private static Path path(JsonNode body, String field) {
        String text = Json.optionalText(body, field);
        return text == null || text.isBlank() ? null : Path.of(text.strip());
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadRequestException("'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static Duration interval(JsonNode body) {
        String text = Json.optionalText(body, "sync_interval");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'sync_interval' must be an ISO-8601 duration such as PT6H, got '" + text + "'");
        }
    }
}
