package dev.baton.web.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.pipeline.PipelineServices;
import dev.baton.pipeline.release.Uploads;
import dev.baton.pipeline.repository.ChangeRefusedException;
import dev.baton.pipeline.repository.PackageNotFoundException;
import dev.baton.pipeline.repository.RepositoryConflictException;
import dev.baton.pipeline.repository.RepositoryNotFoundException;
import dev.baton.pipeline.signing.SigningException;
import dev.baton.web.AuditLog;
import dev.baton.web.ErrorShape;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * The package pipeline's door: its routes of the native API under {@code /api/v3/} (remotes, repositories,
 * packages, advisories, keys) and the published repositories' files under {@code /repos/}. Each capability has
 * its own route class in this package, mounted here.
 *
 * <p>The pipeline's domain errors in the native shape (those of remotes and advisories are mapped with the others in
 * {@link WebApp}): an unknown repository or package 404; a
 * change the repository refuses (unsigned, test failed, untested) 409 with every package refused and why in
 * {@code error.refused}; a conflicting change 409; signing impossible (no passphrase, a key that does not unlock)
 * 409 naming what to do.
 */
public final class PipelineApi {

    private final PipelineServices pipeline;
    private final HolderGate gate;
    private final AuditLog audit;

    public PipelineApi(PipelineServices pipeline, HolderGate gate, AuditLog audit) {
        this.pipeline = pipeline;
        this.gate = gate;
        this.audit = audit;
    }

    public WebApp.Door door() {
        return new WebApp.Door(List.of("/repos/"), ErrorShape.NATIVE, config -> {
            errors(config);
            new AdvisoriesApi(pipeline.advisories(), pipeline.packages(), gate, audit).routes(config);
            new RepoFiles(pipeline.publisher().publications()).routes(config);
            new KeysApi(pipeline.signingKeys(), gate, audit).routes(config);
            new RepositoriesApi(pipeline.releases(), pipeline.repositories(), pipeline.jobs(), pipeline.pipelineDir(), gate,
                    audit).routes(config);
            var uploads = new Uploads(pipeline.content(), pipeline.packages(), pipeline.signingKeys(), pipeline.notifier(),
                    pipeline.pipelineDir(), InstantSource.system());
            new PackagesApi(pipeline.releases(), pipeline.packages(), uploads, gate, audit).routes(config);
            new RemotesApi(pipeline.remotes(), pipeline.jobs(), gate, audit).routes(config);
        });
    }

    private static void errors(JavalinConfig config) {
        config.routes.exception(RepositoryNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
        config.routes.exception(PackageNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
        config.routes.exception(RepositoryConflictException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
        config.routes.exception(SigningException.class, (e, ctx) -> error(ctx, 409, "cannot_sign", e.getMessage()));
        config.routes.exception(ChangeRefusedException.class, (e, ctx) -> {
            ObjectNode body = Json.object();
            ObjectNode error = body.putObject("error").put("code", "refused").put("message", e.getMessage());
            var refused = error.putArray("refused");
            e.reasons().forEach(refused::add);
            ctx.status(409).contentType("application/json").result(Json.write(body));
        });
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).contentType("application/json").result(ErrorShape.NATIVE.body(status, code, message));
    }
}
