package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.jobs.Job;
import dev.baton.jobs.JobPage;
import dev.baton.jobs.JobQuery;
import dev.baton.jobs.JobState;
import dev.baton.jobs.Jobs;
import dev.baton.lock.BadRequestException;
import dev.baton.web.ApiError;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.JobJson;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * Durable jobs (syncs, publishes): {@code GET /api/v3/jobs?kind=&state=&before=&limit=} (newest first, paged by id:
 * {@code next_before} is the next page's {@code before}), {@code GET /api/v3/jobs/{id}} with its progress, both
 * {@link Permission#VIEW}; {@code POST /api/v3/jobs/{id}/cancel}, {@link Permission#OPERATE_LOCKS} on the job's lock
 * ({@code baton-job-<kind>-<subject>}), audited as {@code job.cancel}.
 */
final class JobsApi {

    private final Jobs jobs;
    private final HolderGate gate;
    private final AuditLog audit;

    JobsApi(Jobs jobs, HolderGate gate, AuditLog audit) {
        this.jobs = jobs;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        config.routes.get(NativeApi.PREFIX + "/jobs", this::list);
        config.routes.get(NativeApi.PREFIX + "/jobs/{id}", this::show);
        config.routes.post(NativeApi.PREFIX + "/jobs/{id}/cancel", this::cancel);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        String kind = blankToNull(ctx.queryParam("kind"));
        String state = blankToNull(ctx.queryParam("state"));
        JobPage page = jobs.list(new JobQuery(kind, state == null ? null : JobState.fromWire(state),
                Answers.queryLong(ctx, "before"), Answers.queryLimit(ctx, JobQuery.DEFAULT_LIMIT)));
        ObjectNode body = Json.object();
        var array = body.putArray("jobs");
        page.jobs().forEach(j -> array.add(JobJson.of(j)));
        Answers.nextBefore(body, page.nextBefore());
        Answers.ok(ctx, body);
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        long id = id(ctx);
        Answers.ok(ctx, JobJson.of(jobs.get(id).orElseThrow(() -> noSuchJob(id))));
    }

    private void cancel(Context ctx) {
        // The role first, so a caller who may not cancel learns nothing, not even whether the job exists.
        Principal caller = gate.callerWhoMay(ctx, Permission.OPERATE_LOCKS);
        long id = id(ctx);
        Job job = jobs.get(id).orElseThrow(() -> noSuchJob(id));
        Access.require(caller, Permission.OPERATE_LOCKS, job.lockName());
        Job after = !job.active() ? job // nothing to cancel: answered as it is, not audited
                : audit.begin(ctx, caller, "job.cancel", job.kind() + " " + job.subject(), null, "job=" + id)
                        .run(() -> jobs.cancel(id, caller.name()).orElseThrow(() -> noSuchJob(id)));
        Answers.ok(ctx, JobJson.of(after));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequestException("job id must be a whole number, got '" + ctx.pathParam("id") + "'");
        }
    }

    private static ApiError noSuchJob(long id) {
        return ApiError.notFound("no job with id " + id);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
